"""Authorities of the home-health edits, by the source tags (S1 ...) of the project's rules fact
sheet (``shared/domain/rules.md`` §8). Titles are short descriptions; URLs are the sources' own.
"""

from __future__ import annotations

from teleclaim.rules.meta import Authority

_SOURCES: dict[str, tuple[str, str]] = {
    "S1": ("CGS Administrators, Home Health Billing Codes",
           "https://www.cgsmedicare.com/hhh/claims/hh_billing_codes.html"),
    "S2": ("CGS, billing reminder on claim change reason code D9",
           "https://cgsmedicare.com/hhh/pubs/news/2019/0519/cope12661.html"),
    "S3": ("Medicare Claims Processing Manual ch. 1 §130.1.2.2 (claim change reason codes), as reproduced",
           "http://dmebillingservice.blogspot.in/2017/07/claim-change-reasons.html"),
    "S4": ("Palmetto GBA, home health telehealth G-codes",
           "https://palmettogba.com/palmetto/jmhhh.nsf/DIDC/VMCTLPL2JJ~Home%20Health"),
    "S5": ("DecisionHealth Home Health Line, ch. 10 §40.2 revision",
           "https://homehealthline.decisionhealth.com/Articles/DetailPrint.aspx?id=546146"),
    "S6": ("Healthcare Provider Solutions, CR 12805 G-codes",
           "https://healthcareprovidersolutions.com/updated-g-codes-and-billing-non-routine-supplies-in-home-health/"),
    "S7": ("Palmetto GBA, Low Utilization Payment Adjustment (LUPA)",
           "https://www.palmettogba.com/palmetto/jmhhh.nsf/DID/2JI32FDNCX"),
    "S8": ("CGS, Submitting a Final Claim under the HH PDGM",
           "https://cgsmedicare.com/hhh/education/materials/final_claim.html"),
    "S9": ("HCA-NYS on CR 12227 (notice of admission, 32A/32D)",
           "https://hca-nys.org/cms-issues-system-changes-for-the-new-home-health-notice-of-admission"),
    "S10": ("AAPC Home Care Week, NOA HIPPS placeholder",
            "https://aapc.com/codes/coding-newsletters/my-homecare-week-alert/reimbursement-dont-let-coding-hipps-code-mismatches-derail-your-noas-174276-article"),
    "S11": ("NGS, Reporting Site of Service Codes for Home Health Care (CR 8136)",
            "https://ngsmedicare.com/home-health-billing?selectedArticleId=522358"),
    "S12": ("HEALTHCAREfirst, new G-code reporting on home health claims (CR 7182)",
            "http://blog.healthcarefirst.com/regulatory-blog/bid/57620/New-G-code-reporting-on-Home-Health-Claims"),
    "S13": ("Optima Billing, G2168/G2169 (CR 11721)",
            "https://www.optimabilling.com/new-codes-for-therapist-assistants-providing-maintenance-programs-in-home-health-settings/"),
    "S14": ("NGS, Reporting HH Periods with No Skilled Visits (condition code 54, MM9474)",
            "https://ngsmedicare.com/home-health-billing?selectedArticleId=501607"),
    "S15": ("CMS Transmittal 1929 / CR 6801 (point of origin 7/B/C discontinued)",
            "https://pdfslide.us/documents/cms-manual-system-transmittal-1929-date-march-9-2010-change-request-6801-transmittal.html"),
    "S16": ("PMB Institute reproduction of a CGS home health billing codes sheet",
            "https://online.pmbinstitute.com/topic/day-3-billing-codes-4/"),
    "S18": ("NUBC discharge status list as reproduced in public code (rules.md S18)",
            "https://www.nubc.org/"),
    "S21": ("CGS, Billing Osteoporosis Drugs for Home Health Beneficiaries",
            "https://cgsmedicare.com/hhh/education/materials/bophhb.html"),
    "S22": ("CGS, Home Health No-Payment Billing (condition code 21)",
            "https://cgsmedicare.com/hhh/education/materials/hh_nopay_billing.html"),
    "S23": ("CGS, Claim Page 01 (type of bill)",
            "https://cgsmedicare.com/hhh/education/materials/hhe_claim_page_1.html"),
    "S40": ("AAPC Home Care Week, Decode HIPPS Digits Under PDGM",
            "https://aapc.com/codes/coding-newsletters/my-homecare-week-alert/billing-decode-hipps-digits-under-pdgm-161959-article"),
    "X12": ("ASC X12 837 Institutional implementation guide 005010X223A2",
            "https://x12.org/products/transaction-sets"),
}


def auth(source: str, section: str) -> Authority:
    """``auth("S1", "rules.md §1.3")`` -> the Authority of source S1 for that section."""
    title, url = _SOURCES[source]
    return Authority(title=title, url=url, section=section, source=source if source.startswith("S") else None)
