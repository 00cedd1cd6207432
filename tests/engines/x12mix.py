"""837 files shaped for the split tests: several interchanges, groups and transaction sets in one file."""

from __future__ import annotations


def _parts(text: str) -> tuple[str, str, list[str]]:
    segs = [s for s in text.replace("\n", "").split("~") if s]
    st = next(i for i, s in enumerate(segs) if s.startswith("ST*"))
    se = next(i for i, s in enumerate(segs) if s.startswith("SE*"))
    return segs[0], segs[1], segs[st : se + 1]


def mixed_envelopes(texts: list[str], layout: list[list[int]]) -> str:
    """Generated files (one transaction each) rearranged: ``layout`` lists interchanges, each a list
    of groups given by how many of the transactions (taken in order) they hold."""
    parts = [_parts(t) for t in texts]
    out: list[str] = []
    k = 0
    for n_ic, groups in enumerate(layout, 1):
        isa = parts[k][0].split("*")
        isa[13] = f"{n_ic:09d}"
        out.append("*".join(isa))
        for n_gs, count in enumerate(groups, 1):
            gs = parts[k][1].split("*")
            gs[6] = str(n_gs)
            out.append("*".join(gs))
            for n_st in range(1, count + 1):
                tx = list(parts[k][2])
                k += 1
                tx[0] = "*".join(tx[0].split("*")[:2] + [f"{n_st:04d}"] + tx[0].split("*")[3:])
                tx[-1] = f"SE*{len(tx)}*{n_st:04d}"
                out += tx
            out.append(f"GE*{count}*{n_gs}")
        out.append(f"IEA*{len(groups)}*{n_ic:09d}")
    return "~\n".join(out) + "~\n"
