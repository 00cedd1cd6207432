"""Synthetic, valid claims for tests, examples and benches: home health 837I and telehealth 837P.

``generate_claims(kind, n, seed=0)`` yields ``n`` model claims, deterministic for a seed;
``generate_x12(kind, n, seed=0)`` writes them as one 837 file text (``teleclaim generate``).
All names, ids and addresses are made up (no PHI). Every claim follows ``shared/domain/rules.md``:

home health ("hh", 837I), in runs of claims sharing an agency (HL 20):
  - 329 period claims (~70 %): From..Through <= 30 days counting both, 2024-2026; HIPPS line
    (rev 0023, well-formed code: 1-4, A-L, A-C, 1-3, 1); visit lines 042X/043X/044X/055X/056X/057X
    with one discipline G-code valid on the line date (§1.5) and 15-minute units (§1.4); a Q5001 line
    on the first visit's revenue code and date (1 unit, $0.01); value codes 61 (CBSA, once) and 85
    (FIPS); occurrence 50 (OASIS); optional G0320/G0321 lines (1 unit) and one G0322 line (units =
    monitoring days); patient status 30/01, sometimes 20 with occurrence 55;
  - 327 adjustments (~8 %) with one claim change reason (D2, or D9 with remarks) and REF*F8;
  - 32A notices of admission (~10 %), sent within 5 days of the admission (HIPPS 1AA11);
  - 341 outpatient therapy bills (~12 %): 042X lines with PT CPT codes, occurrences 35 and 29.
telehealth ("th", 837P): POS 10 or 02, modifier 95 (or 93 audio-only), E/M 99212-99215 or
  99202-99205, rendering provider (207Q00000X / 363L00000X), one to four diagnoses; some claims for
  a dependent (patient loop, HL 23).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any, Literal

from teleclaim.errors import InputError
from teleclaim.model.claim import (
    Address,
    Claim,
    Diagnosis,
    Envelope,
    Note,
    Occurrence,
    Payer,
    Person,
    Provider,
    ServiceLine,
    ValueCode,
)

SUBMITTED = dt.date(2026, 10, 15)  # the files' creation date (BHT04): every service date is before it
_FIRST, _LAST_FROM = dt.date(2024, 1, 1), dt.date(2026, 8, 31)
CENT = Decimal("0.01")

_LAST = [
    "SAMPLE",
    "TESTER",
    "EXAMPLE",
    "DEMO",
    "MOCKLEY",
    "FAKEWORTH",
    "PLACEHOLD",
    "SYNTHE",
    "DUMMIT",
    "FICTON",
    "NOTREAL",
    "INVENTA",
]
_FIRSTN = ["ALEX", "BERYL", "CASEY", "DANA", "EMERY", "FRANKIE", "GALE", "HOLLIS", "IVY", "JODY", "KIT", "LEE"]
_STREETS = ["MAIN ST", "OAK AVE", "ELM ST", "PINE RD", "CEDAR LN", "MAPLE DR"]
_PLACES = [
    ("DES MOINES", "IA", "50309", "19153.00", "19780.00"),
    ("COLUMBUS", "OH", "43215", "39049.00", "18140.00"),
    ("AUSTIN", "TX", "78701", "48453.00", "12420.00"),
    ("PORTLAND", "ME", "04101", "23005.00", "38860.00"),
    ("CHARLOTTE", "NC", "28202", "37119.00", "16740.00"),
]

# discipline -> (revenue code, G-codes valid 2024-2026 (rules.md §1.5), charge per unit)
_DISCIPLINES = {
    "SN": ("0551", ["G0299", "G0300", "G0493", "G0494", "G0495", "G0496", "G0162"], Decimal("52.50")),
    "PT": ("0421", ["G0151", "G0157", "G0159", "G2168"], Decimal("56.25")),
    "OT": ("0431", ["G0152", "G0158", "G0160", "G2169"], Decimal("55.00")),
    "SLP": ("0441", ["G0153", "G0161"], Decimal("60.00")),
    "MSW": ("0561", ["G0155"], Decimal("65.00")),
    "AIDE": ("0571", ["G0156"], Decimal("30.00")),
}
_MIX = ["SN"] * 5 + ["PT"] * 3 + ["OT"] * 2 + ["SLP", "MSW", "AIDE", "AIDE"]
_HH_DX = ["I5022", "I110", "E119", "E1165", "J449", "I639", "M1711", "L89152", "N184", "G20"]
_TH_DX = ["F329", "F411", "I10", "E119", "J069", "M545", "R509", "Z7189", "F909", "K219"]
_EM_EST = {
    "99212": Decimal("75.00"),
    "99213": Decimal("110.00"),
    "99214": Decimal("165.00"),
    "99215": Decimal("225.00"),
}
_EM_NEW = {
    "99202": Decimal("95.00"),
    "99203": Decimal("145.00"),
    "99204": Decimal("215.00"),
    "99205": Decimal("285.00"),
}
_PT_CPT = {
    "97110": Decimal("45.00"),
    "97112": Decimal("48.00"),
    "97116": Decimal("42.00"),
    "97140": Decimal("44.00"),
    "97530": Decimal("50.00"),
}


def npi(rng: random.Random) -> str:
    """A well-formed NPI (Luhn check digit over the 80840 prefix), synthetic."""
    body = str(rng.randint(1, 2)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    digits = [int(d) for d in "80840" + body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def _mbi(rng: random.Random) -> str:
    """An MBI-shaped synthetic member id (C A AN N A AN N A A N N, no S L O I B Z)."""
    letters = "ACDEFGHJKMNPQRTUVWXY"
    an = letters + "0123456789"
    pick = rng.choice
    return (
        str(rng.randint(1, 9))
        + pick(letters)
        + pick(an)
        + str(rng.randint(0, 9))
        + pick(letters)
        + pick(an)
        + str(rng.randint(0, 9))
        + pick(letters)
        + pick(letters)
        + str(rng.randint(0, 9))
        + str(rng.randint(0, 9))
    )


def _address(rng: random.Random, place: tuple) -> Address:
    return Address(
        line1=f"{rng.randint(10, 9999)} {rng.choice(_STREETS)}",
        city=place[0],
        state=place[1],
        zip=place[2] + f"{rng.randint(0, 9999):04d}",
    )


def _person(rng: random.Random, place: tuple, member: bool, born: tuple[int, int]) -> Person:
    return Person(
        last_name=rng.choice(_LAST),
        first_name=rng.choice(_FIRSTN),
        member_id=_mbi(rng) if member else None,
        birth_date=dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28)),
        sex=rng.choice("FM"),
        address=_address(rng, place),
    )


def _agency(rng: random.Random, k: int, kind: str) -> Provider:
    place = _PLACES[k % len(_PLACES)]
    name = f"SYNTHETIC HOME HEALTH {k + 1}" if kind == "hh" else f"SYNTHETIC TELEHEALTH GROUP {k + 1}"
    return Provider(
        name=name,
        entity_type="2",
        npi=npi(rng),
        taxonomy="251E00000X" if kind == "hh" else "207Q00000X",
        tax_id=f"{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}",
        address=_address(rng, place),
    )


def _envelope(kind: str, seed: int) -> Envelope:
    return Envelope(
        sender_id="TELECLAIMGEN",
        receiver_id="SYNTHPAYER",
        interchange_date=SUBMITTED,
        interchange_time="0930",
        usage="T",
        application_sender="TELECLAIMGEN",
        application_receiver="SYNTHPAYER",
        version="005010X223A2" if kind == "hh" else "005010X222A1",
        bht_reference=f"GEN{kind.upper()}{seed}",
        bht_date=SUBMITTED,
        submitter_name="SYNTHETIC BILLING SERVICE",
        submitter_id="TELECLAIMGEN",
        receiver_name="SYNTHETIC PAYER",
        receiver_id_code="SYNTHPAYER",
    )


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def units_for(minutes: int) -> int:
    """15-minute units of a home-health visit (rules.md §1.4)."""
    return max(1, (minutes + 7) // 15)


class _HH:
    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng, self.seed = rng, seed
        self.env = _envelope("hh", seed)
        self.agencies = [_agency(rng, k, "hh") for k in range(5)]
        self.payer = _payer()

    def claim(self, i: int) -> Claim:
        rng = self.rng
        agency = self.agencies[(i // 50) % len(self.agencies)]
        place = _PLACES[((i // 50) % len(self.agencies)) % len(_PLACES)]
        r = rng.random()
        tob = "329" if r < 0.70 else "327" if r < 0.78 else "32A" if r < 0.88 else "341"
        c = Claim(
            claim_id=f"HH{self.seed}-{i + 1:06d}",
            kind="837I",
            facility_code=tob[:2],
            facility_qualifier="A",
            frequency=tob[2],
            admission_type=rng.choice(["9", "9", "3"]),
            point_of_origin=rng.choice("12"),
            billing_provider=agency,
            subscriber=_person(rng, place, True, (1930, 1958)),
            relationship="18",
            payer=self.payer,
            payer_responsibility="P",
            claim_filing="MA",
            envelope=replace(self.env),
            principal_diagnosis=Diagnosis(rng.choice(_HH_DX), "ABK"),
            attending=Provider(
                name=rng.choice(_LAST),
                first_name=rng.choice(_FIRSTN),
                entity_type="1",
                npi=npi(rng),
                taxonomy="207Q00000X",
            ),
        )
        pdx = c.principal_diagnosis.code if c.principal_diagnosis is not None else None  # set above
        c.diagnoses = [Diagnosis(d, "ABF") for d in rng.sample(_HH_DX, rng.randint(0, 3)) if d != pdx]
        if tob == "32A":
            self._noa(c)
        elif tob == "341":
            self._outpatient(c, place)
        else:
            self._period(c, place, tob)
        c.total_charge = _total(c.lines)
        return c

    def _noa(self, c: Claim) -> None:
        adm = SUBMITTED - dt.timedelta(days=self.rng.randint(1, 4))
        c.statement_from = c.statement_to = c.admission_date = adm
        c.patient_status = "30"
        c.lines = [
            ServiceLine(
                line=1,
                revenue_code="0023",
                code="1AA11",
                code_qualifier="HP",
                charge=Decimal("0.00"),
                unit_basis="UN",
                units=Decimal("1"),
            )
        ]

    def _outpatient(self, c: Claim, place: tuple) -> None:
        rng = self.rng
        day = _day(rng, _FIRST, _LAST_FROM)
        c.statement_from = c.statement_to = day
        c.patient_status = "01"
        c.principal_diagnosis = Diagnosis(rng.choice(["M1711", "M6281", "R2681", "S72001D"]), "ABK")
        c.diagnoses = []
        c.occurrences = [
            Occurrence("35", day - dt.timedelta(days=rng.randint(7, 40))),
            Occurrence("29", day - dt.timedelta(days=rng.randint(41, 60))),
        ]
        codes = rng.sample(sorted(_PT_CPT), rng.randint(1, 3))
        c.lines = [
            ServiceLine(
                line=k,
                revenue_code="0420",
                code=code,
                code_qualifier="HC",
                modifiers=["GP"],
                charge=_PT_CPT[code] * u,
                unit_basis="UN",
                units=Decimal(u),
                date=day,
            )
            for k, (code, u) in enumerate(((cd, rng.randint(1, 3)) for cd in codes), 1)
        ]

    def _period(self, c: Claim, place: tuple, tob: str) -> None:
        rng = self.rng
        start = _day(rng, _FIRST, _LAST_FROM)
        later = rng.randint(0, 3)
        c.admission_date = start - dt.timedelta(days=30 * later)
        r = rng.random()
        status = "30" if r < 0.75 else "01" if r < 0.95 else "20"
        length = 30 if status == "30" else rng.randint(8, 30)
        end = start + dt.timedelta(days=length - 1)
        c.statement_from, c.statement_to, c.patient_status = start, end, status
        oasis = c.admission_date if later == 0 else start - dt.timedelta(days=rng.randint(1, 5))
        c.occurrences = [Occurrence("50", oasis)]
        if status == "20":
            c.occurrences.append(Occurrence("55", end))
        c.values = [ValueCode("61", Decimal(place[4])), ValueCode("85", Decimal(place[3]))]
        hipps = (
            f"{rng.choice('12' if later == 0 else '34')}{rng.choice('ABCDEFGHIJKL')}{rng.choice('ABC')}"
            f"{rng.choice('123')}1"
        )
        visits = []
        for k in range(rng.randint(3, 14)):
            disc = rng.choice(["SN", "PT"]) if k == 0 else rng.choice(_MIX)
            rev, gcodes, rate = _DISCIPLINES[disc]
            u = units_for(rng.randint(20, 95))
            visits.append((_day(rng, start, end), rev, rng.choice(gcodes), u, rate * u))
        visits.sort()
        first_day = visits[0][0]
        first_rev = next(v[1] for v in visits if v[0] == first_day)
        body = [(d, rev, 0, code, Decimal(u), ch) for d, rev, code, u, ch in visits]
        body.append((first_day, first_rev, 1, "Q5001", Decimal("1"), CENT))
        for _ in range(rng.choice([0, 0, 1, 2])):
            d = _day(rng, start, end)
            rev = rng.choice([v[1] for v in visits])
            body.append((d, rev, 2, rng.choice(["G0320", "G0321"]), Decimal("1"), Decimal("15.00")))
        if rng.random() < 0.3:
            d = _day(rng, start, end - dt.timedelta(days=1))
            days = rng.randint(1, (end - d).days + 1)
            body.append((d, "0551", 3, "G0322", Decimal(days), Decimal("20.00")))
        body.sort(key=lambda x: (x[1], x[0], x[2]))
        c.lines = [
            ServiceLine(
                line=1,
                revenue_code="0023",
                code=hipps,
                code_qualifier="HP",
                charge=Decimal("0.00"),
                unit_basis="UN",
                units=Decimal("1"),
                date=start,
            )
        ]
        for k, (d, rev, _, code, units, ch) in enumerate(body, 2):
            c.lines.append(
                ServiceLine(
                    line=k,
                    revenue_code=rev,
                    code=code,
                    code_qualifier="HC",
                    charge=ch,
                    unit_basis="UN",
                    units=units,
                    date=d,
                )
            )
        if tob == "327":
            c.original_reference = f"{rng.randint(10**12, 10**13 - 1)}"
            if rng.random() < 0.5:
                c.conditions = ["D2"]
            else:
                c.conditions = ["D9"]
                c.notes = [
                    Note(
                        "ADD",
                        rng.choice(
                            ["CORRECTED VISIT UNITS", "ADDED MISSED VISIT LINE", "CORRECTED OASIS DATE AND DIAGNOSIS"]
                        ),
                    )
                ]


def _payer(medicare: bool = True) -> Payer:
    return Payer(
        name="SYNTHETIC MEDICARE CONTRACTOR" if medicare else "SYNTHETIC HEALTH PLAN",
        id="15004" if medicare else "SYN01",
    )


class _TH:
    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng, self.seed = rng, seed
        self.env = _envelope("th", seed)
        self.groups = [_agency(rng, k, "th") for k in range(5)]
        self.clinicians = [
            Provider(
                name=rng.choice(_LAST),
                first_name=rng.choice(_FIRSTN),
                entity_type="1",
                npi=npi(rng),
                taxonomy=rng.choice(["207Q00000X", "363L00000X"]),
            )
            for _ in range(12)
        ]
        self.medicare, self.plan = _payer(), _payer(medicare=False)

    def claim(self, i: int) -> Claim:
        rng = self.rng
        k = (i // 50) % len(self.groups)
        place = _PLACES[k % len(_PLACES)]
        dependent = rng.random() < 0.15
        medicare = not dependent and rng.random() < 0.6
        day = _day(rng, _FIRST, SUBMITTED - dt.timedelta(days=10))
        pos = rng.choice(["10", "10", "02"])
        mod = "93" if rng.random() < 0.2 else "95"
        c = Claim(
            claim_id=f"TH{self.seed}-{i + 1:06d}",
            kind="837P",
            facility_code=pos,
            facility_qualifier="B",
            frequency="1",
            billing_provider=self.groups[k],
            rendering=rng.choice(self.clinicians),
            subscriber=_person(rng, place, True, (1940, 2000)),
            payer=self.medicare if medicare else self.plan,
            payer_responsibility="P",
            claim_filing="MB" if medicare else "CI",
            envelope=replace(self.env),
        )
        if dependent:
            c.patient = _person(rng, place, False, (2008, 2020))
            c.relationship = "19"
        else:
            c.relationship = "18"
        dxs = rng.sample(_TH_DX, rng.randint(1, 4))
        if (
            mod == "93"
            and medicare
            and not (pos == "10" and (day >= dt.date(2025, 1, 1) or any(d.startswith("F") for d in dxs)))
        ):
            mod = "95"  # Medicare pays audio-only E/M at home from 2025 (behavioral health from 2022): TH012
        c.principal_diagnosis = Diagnosis(dxs[0], "ABK")
        c.diagnoses = [Diagnosis(d, "ABF") for d in dxs[1:]]
        table = _EM_NEW if rng.random() < 0.25 else _EM_EST
        code = rng.choice(sorted(table))
        c.lines = [
            ServiceLine(
                line=1,
                code=code,
                code_qualifier="HC",
                modifiers=[mod],
                charge=table[code],
                unit_basis="UN",
                units=Decimal("1"),
                date=day,
                diagnosis_pointers=list(range(1, min(len(dxs), 4) + 1)),
            )
        ]
        if rng.random() < 0.1:  # a second, prolonged-service line on the same day
            c.lines.append(
                ServiceLine(
                    line=2,
                    code="G2212" if medicare else "99417",
                    code_qualifier="HC",
                    modifiers=[mod],
                    charge=Decimal("60.00"),
                    unit_basis="UN",
                    units=Decimal("1"),
                    date=day,
                    diagnosis_pointers=[1],
                )
            )
            if code not in ("99205", "99215"):
                c.lines[0].code = "99215" if table is _EM_EST else "99205"
                c.lines[0].charge = table[c.lines[0].code]
        c.total_charge = _total(c.lines)
        return c


def generate_claims(kind: Literal["hh", "th"], n: int, seed: int = 0) -> Iterator[Claim]:
    """``n`` synthetic valid claims of ``kind`` ("hh" home health 837I, "th" telehealth 837P)."""
    if kind not in ("hh", "th"):
        raise InputError(
            f"kind {kind!r}: use hh (home health 837I) or th (telehealth 837P).",
            code="invalid_option",
            option="--kind",
            value=str(kind),
        )
    if n < 0:
        raise InputError(f"--claims {n}: give a number of claims >= 0.", code="invalid_option", option="--claims")
    rng = random.Random(f"teleclaim-{kind}-{seed}")
    maker = _HH(rng, seed) if kind == "hh" else _TH(rng, seed)
    for i in range(n):
        yield maker.claim(i)


def generate_x12(kind: Literal["hh", "th"], n: int, seed: int = 0, **write_options: Any) -> str:
    """The 837 text of ``generate_claims(kind, n, seed)``, deterministic (fixed creation time).
    ``write_options`` are ``write_837``'s keyword options (``sender_id``, ``separators``, ``now``...)."""
    from teleclaim.x12.writer import write_837

    write_options.setdefault("now", dt.datetime.combine(SUBMITTED, dt.time(9, 30)))
    text = io.StringIO()
    write_837(generate_claims(kind, n, seed), text, **write_options)
    return text.getvalue()


# -- example claims with known mistakes (examples/home_health_errors_837i.837, teleclaim demo) ----
def _periods(n: int, seed: int) -> Iterator[Claim]:
    """Clean 329 claims with visits in 2026 (so a terminated code is clearly out of date)."""
    for c in generate_claims("hh", 400, seed=seed):
        day = c.statement_from
        if c.type_of_bill == "329" and day is not None and day.year == 2026 and c.patient_status == "30":
            yield c
            n -= 1
            if n == 0:
                return


def _total(lines: list[ServiceLine]) -> Decimal:
    """The claim's total charge: the sum of its line charges (every generated line has one)."""
    return sum((ln.charge for ln in lines if ln.charge is not None), Decimal("0.00"))


def _rendering(c: Claim) -> Provider:
    """The rendering provider of a generated professional claim (every one has it)."""
    if c.rendering is None:
        raise ValueError(f"generated claim {c.claim_id} has no rendering provider")
    return c.rendering


def _renumber(c: Claim) -> None:
    for i, ln in enumerate(c.lines, 1):
        ln.line = i
    c.total_charge = _total(c.lines)


def error_claims() -> list[Claim]:
    """Five structurally valid home-health claims, each with one billing mistake the edits catch
    (HHERR-01 G0154 in 2026 -> HH013, -02 0551 on a 341 -> HH001, -03 no value code 61 -> HH022,
    -04 no Q5001 line -> HH019, -05 status 20 without occurrence 55 -> HH024)."""
    g0154, sn34x, no61, noq, expired = _periods(5, seed=11)
    # 1. G0154 (ended 2015-12-31) on a 2026 skilled-nursing visit
    ln = next(
        x for x in g0154.lines if x.revenue_code == "0551" and (x.code or "").startswith("G0") and x.code != "G0322"
    )
    ln.code = "G0154"
    # 2. a 341 outpatient therapy bill with a 0551 skilled-nursing line
    out = next(c for c in generate_claims("hh", 200, seed=11) if c.type_of_bill == "341")
    out.lines.append(
        ServiceLine(
            line=0,
            revenue_code="0551",
            code="G0299",
            code_qualifier="HC",
            charge=Decimal("150.00"),
            unit_basis="UN",
            units=Decimal("3"),
            date=out.statement_from,
        )
    )
    _renumber(out)
    sn34x = out
    # 3. value code 61 missing
    no61.values = [v for v in no61.values if v.code != "61"]
    # 4. Q5001 line missing
    noq.lines = [x for x in noq.lines if x.code != "Q5001"]
    _renumber(noq)
    # 5. patient status 20 without occurrence 55 (date of death)
    expired.patient_status = "20"
    expired.occurrences = [o for o in expired.occurrences if o.code != "55"] or [
        Occurrence("50", expired.statement_from)
    ]
    claims = [g0154, sn34x, no61, noq, expired]
    for i, c in enumerate(claims, 1):
        c.claim_id = f"HHERR-{i:02d}"
    return claims


def telehealth_error_claims() -> list[Claim]:
    """Six structurally valid professional claims, each with a telehealth billing mistake the TH edits
    catch (THERR-01 98004 for Medicare -> TH002, -02 99441 in 2025 -> TH001, -03 an e-visit with POS 10
    -> TH008, -04 a physical therapist billing 99422 -> TH009, -05 a second e-visit in the same 7-day
    period as -03 -> TH020, -06 office POS 11 with 95 for Medicare in 2024 -> TH004)."""
    import copy

    base = next(c for c in generate_claims("th", 40, seed=12) if c.claim_filing == "MB" and c.patient is None)
    _rendering(base).taxonomy = "207Q00000X"
    other = next(c for c in generate_claims("th", 40, seed=13) if c.claim_filing == "MB" and c.patient is None)

    def make(src: Claim, code: str, day: dt.date, pos: str, mods: list[str], charge: str) -> Claim:
        c = copy.deepcopy(src)
        c.facility_code = pos
        c.lines = [
            replace(
                c.lines[0],
                line=1,
                code=code,
                modifiers=mods,
                charge=Decimal(charge),
                date=day,
                units=Decimal("1"),
                pos=None,
            )
        ]
        c.total_charge = Decimal(charge)
        return c

    pt = make(other, "99422", dt.date(2026, 3, 4), "11", ["GP"], "45.00")
    _rendering(pt).taxonomy = "225100000X"
    claims = [
        make(base, "98004", dt.date(2025, 3, 4), "10", ["95"], "110.00"),
        make(base, "99441", dt.date(2025, 2, 10), "10", [], "60.00"),
        make(base, "99422", dt.date(2026, 3, 2), "10", ["95"], "45.00"),
        pt,
        make(base, "99421", dt.date(2026, 3, 6), "11", [], "30.00"),
        make(base, "99213", dt.date(2024, 5, 2), "11", ["95"], "95.00"),
    ]
    for i, c in enumerate(claims, 1):
        c.claim_id = f"THERR-{i:02d}"
    return claims
