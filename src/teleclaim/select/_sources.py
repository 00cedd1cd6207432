"""Authorities cited by the code-selection reasons: sections of the project's rules fact sheet
(``shared/domain/rules.md``) and its source tags (§8). Titles are our own short descriptions.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

_SOURCES: dict[str, tuple[str, str | None]] = {
    "S1": ("CGS Administrators, Home Health Billing Codes",
           "https://www.cgsmedicare.com/hhh/claims/hh_billing_codes.html"),
    "S4": ("Palmetto GBA, home health telehealth G-codes (G0320-G0322)",
           "https://palmettogba.com/palmetto/jmhhh.nsf/DIDC/VMCTLPL2JJ~Home%20Health"),
    "S5": ("DecisionHealth Home Health Line, ch. 10 §40.2 revision (telecom lines)",
           "https://homehealthline.decisionhealth.com/Articles/DetailPrint.aspx?id=546146"),
    "S6": ("Healthcare Provider Solutions, CR 12805 G-codes",
           "https://healthcareprovidersolutions.com/updated-g-codes-and-billing-non-routine-supplies-in-home-health/"),
    "S11": ("NGS, Reporting Site of Service Codes for Home Health Care (CR 8136)",
            "https://ngsmedicare.com/home-health-billing?selectedArticleId=522358"),
    "S12": ("HEALTHCAREfirst, new G-code reporting on home health claims (CR 7182)",
            "http://blog.healthcarefirst.com/regulatory-blog/bid/57620/New-G-code-reporting-on-Home-Health-Claims"),
    "S13": ("Optima Billing, G2168/G2169 (CR 11721)",
            "https://www.optimabilling.com/new-codes-for-therapist-assistants-providing-maintenance-programs-in-home-health-settings/"),
    "S24": ("Medicaid restatement of the Medicare home-health 15-minute unit convention",
            "http://www.medicalbillingcptmodifiers.com/2017/10/intermittent-nursing-visitsaide.html"),
    "S25": ("CMS Transmittal 11045 / CR 12427 (POS 10, POS 02 redefined)",
            "https://pdf4pro.com/amp/view/cms-manual-system-61d0a0.html"),
    "S26": ("NGS, Telehealth changes for 2024: modifier 95 and POS",
            "https://www.ngsmedicare.com/web/ngs/news-article-details?selectedArticleId=10638446"),
    "S27": ("Compliance Cosmos brief on CMS Transmittal 12671 (POS 02 facility / POS 10 non-facility)",
            "https://compliancecosmos.org/news-briefs-june-10-2024"),
    "S28": ("Novitas, telehealth modifiers",
            "https://www.novitas-solutions.com/webcenter/portal/MedicareJH/pagebyid?contentId=00144501"),
    "S29": ("HCPCS modifier list with effective dates (FQ)", "https://hcpcs.codes/modifiers/?page=4"),
    "S30": ("AAPC, CMS clarifies telehealth modifier usage (GT, CR 10583)",
            "https://aapc.com/codes/coding-newsletters/my-health-information-compliance-alert/industry-note-cms-clarifies-telehealth-modifier-usage-159004-article"),
    "S31": ("Medicare telehealth flexibility extensions (American Relief Act 2025, H.R. 1968, H.R. 5371, H.R. 7148)",
            "https://www.mcguirewoods.com/client-resources/alerts/2026/2/understanding-congress-latest-extension-of-medicare-telehealth-flexibilities"),
    "S32": ("CPT 2025 telemedicine codes and their Medicare treatment",
            "https://www.verimedix.com/new-telehealth-em-codes-98000-98016/"),
    "S33": ("CodingIntel, online digital E/M services (99421-99423, 98970-98972)",
            "https://codingintel.com/cpt-codes-online-digital-evaluation-and-management-services/"),
    "S34": ("Communication technology based services (G2010, G2012, G2250-G2252)",
            "https://www.nixonlawgroup.com/nlg-blog/2020/9/9/reimbursement-for-virtual-check-ins-and-e-visits-in-the-proposed-2021-medicare-physician-fee-schedule"),
    "S35": ("Nixon Law Group, 2026 remote monitoring (RPM/RTM) updates",
            "https://www.nixonlawgroup.com/resources/cms-finalizes-2026-remote-monitoring-reimbursement-updates-what-changed-for-rpm-and-rtm"),
    "S37": ("ChiroCode, prolonged services 99417 versus G2212", 
            "https://chirocode.com/article.html?id=prolonged-services-99417-versus-g2212-36743"),
    "AMA-EM": ("AMA office/outpatient E/M guidelines (2021+) as restated by CMS MLN and MACs (rules.md §3.3)", None),
}


def auth(section: str, *sources: str) -> list[dict[str, Any]]:
    """``auth("§1.4", "S24")`` -> the authority list of one reason (rules.md section, then sources).

    With no source tag the rules.md section alone is the authority (facts tagged I there).
    """
    out: list[dict[str, Any]] = [{"title": "teleclaim rules fact sheet", "section": f"rules.md {section}",
                                  "source": None, "url": None}]
    for s in sources:
        if s in _SOURCES:
            title, url = _SOURCES[s]
            out.append({"title": title, "section": f"rules.md {section}", "source": s, "url": url})
        else:  # the coder's-audit sources (refdata/data/sources_audit.yaml) name their own section
            e = _audit()[s]
            out.append({"title": e["title"], "section": e.get("section") or f"rules.md {section}", "source": s,
                        "url": e.get("url")})
    return out


@cache
def _audit() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load((files("teleclaim.refdata") / "data" / "sources_audit.yaml").read_text("utf-8"))
    return {e["id"]: e for e in raw["sources"]}


def merge(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Authorities of several reasons, without repeats (first occurrence kept)."""
    seen: set[tuple[Any, Any]] = set()
    out = []
    for lst in lists:
        for a in lst:
            key = (a["section"], a["source"])
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out
