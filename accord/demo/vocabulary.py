"""The invented parts of the demo: our university, its faculties, and the names the generator draws from."""

from dataclasses import dataclass
from typing import Any


def _listed(text: str) -> tuple[str, ...]:
    """A comma-separated list written across lines."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


HOME: dict[str, Any] = {
    "name": "University of Accord",
    "abbreviation": "UAccord",
    "country": "BE",
    "city": "Brussels",
    "address": "Place de l'Accord 1, 1000 Brussels",
    "latitude": 50.8467,
    "longitude": 4.3525,
    "timezone": "Europe/Brussels",
    "website": "https://accord.example.edu",
    "schac_id": "accord.example.edu",
    "erasmus_code_published": "B  ACCORD01",
    "erasmus_code": "B  ACCORD01",
}


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    isced: tuple[str, ...]


@dataclass(frozen=True)
class Faculty:
    code: str
    name: str
    departments: tuple[Department, ...]

    @property
    def isced(self) -> tuple[str, ...]:
        return tuple(code for d in self.departments for code in d.isced)


D = Department
FACULTIES = (
    Faculty("SCI", "Faculty of Science", (
        D("SCI-MATH", "Department of Mathematics", ("0541",)),
        D("SCI-PHYS", "Department of Physics", ("0533",)),
        D("SCI-CHEM", "Department of Chemistry", ("0531",)),
        D("SCI-BIO", "Department of Biology", ("0511", "0521")),
    )),
    Faculty("ENG", "Faculty of Engineering", (
        D("ENG-CS", "Department of Computer Science", ("0613", "0612")),
        D("ENG-CIV", "Department of Civil Engineering and Architecture", ("0732", "0731")),
        D("ENG-EE", "Department of Electrical Engineering", ("0713", "0714")),
        D("ENG-ME", "Department of Mechanical Engineering", ("0715",)),
    )),
    Faculty("MED", "Faculty of Medicine and Health Sciences", (
        D("MED-MD", "Department of Medicine", ("0912",)),
        D("MED-NUR", "Department of Nursing", ("0913",)),
        D("MED-PHA", "Department of Pharmacy", ("0916",)),
    )),
    Faculty("ART", "Faculty of Arts and Humanities", (
        D("ART-HIS", "Department of History and Archaeology", ("0222",)),
        D("ART-LANG", "Department of Languages and Literature", ("0231", "0232")),
        D("ART-FA", "Department of Fine Arts and Music", ("0213", "0215")),
        D("ART-PHIL", "Department of Philosophy", ("0223",)),
    )),
    Faculty("LAW", "Faculty of Law", (
        D("LAW-PUB", "Department of Public and International Law", ("0421",)),
        D("LAW-EU", "Department of European and Private Law", ("0421",)),
    )),
    Faculty("ECO", "Faculty of Economics and Business", (
        D("ECO-ECON", "Department of Economics", ("0311",)),
        D("ECO-MGT", "Department of Management and Marketing", ("0413", "0414")),
        D("ECO-FIN", "Department of Accounting and Finance", ("0411", "0412")),
    )),
    Faculty("SOC", "Faculty of Social Sciences", (
        D("SOC-PSY", "Department of Psychology", ("0313",)),
        D("SOC-POL", "Department of Political Science", ("0312",)),
        D("SOC-EDU", "Department of Education", ("0111", "0114")),
        D("SOC-MED", "Department of Sociology and Media", ("0314", "0321")),
    )),
)  # fmt: skip
OFFICE = ("IRO", "International Relations Office")

# The language a partner in this country most often asks for, beside English.
COUNTRY_LANGUAGE = dict(
    pair.split(":")
    for pair in """
    AT:de DE:de CH:de LI:de LU:fr FR:fr BE:fr ES:es MX:es AR:es CO:es IT:it PT:pt BR:pt PL:pl CZ:cs
    SK:sk HU:hu RO:ro BG:bg HR:hr SI:sl RS:sr BA:bs ME:sr MK:mk AL:sq XK:sq GR:el CY:el TR:tr NL:nl
    DK:da SE:sv NO:nb FI:fi IS:is EE:et LV:lv LT:lt UA:uk JP:ja KR:ko CN:zh
    """.split()  # noqa: SIM905
)

GIVEN_NAMES = _listed(
    """
    Emma, Lucas, Sofia, Noah, Mia, Louis, Anna, Jan, Lea, Mateo, Julia, Hugo, Zoe, Elias, Chloé,
    Adam, Marta, Luca, Ines, Tomás, Maja, Jakub, Ida, Oskar, Elif, Emir, Aino, Mikael, Ana, Nikola,
    Eva, Marek, Clara, Pedro, Laura, Filip, Sara, David, Alice, Matteo, Zeynep, Can, Olga, Andrei,
    Ioana, Dimitris, Eleni, Kenji, Yuki, Min-jun, Seo-yeon, Wei, Li, Aarav, Priya, Amara, Kwame,
    Grace, Ethan, Olivia, Liam, Ava, Thiago, Valentina, Nour, Omar, Freya, Astrid, Milan, Petra,
    Tereza, Bence, Réka
    """
)
FAMILY_NAMES = _listed(
    """
    Peeters, Janssens, Maes, Dubois, Lambert, Martin, Bernard, Müller, Schmidt, Weber, García,
    Fernández, López, Rossi, Russo, Bianchi, Silva, Santos, Nowak, Kowalski, Wiśniewska, Novák,
    Svoboda, Horváth, Nagy, Popescu, Ionescu, Petrov, Ivanova, Horvat, Kovačič, Jovanović,
    Papadopoulos, Yılmaz, Kaya, Demir, de Jong, Jansen, Nielsen, Hansen, Andersson, Johansson,
    Virtanen, Korhonen, Tamm, Bērziņš, Kazlauskas, Murphy, Kelly, Smith, Jones, Brown, Tanaka,
    Suzuki, Kim, Park, Wang, Zhang, Sharma, Patel, Mensah, Okafor, Mwangi, Cohen, Haddad, Nguyen,
    Tran, Rodríguez, Gómez, Costa, Oliveira
    """
)
STAFF_ROLES = _listed(
    """
    Erasmus+ institutional coordinator, Incoming students officer, Outgoing students officer,
    Head of international relations, Staff mobility officer
    """
)
SYNTHETIC_KINDS = _listed(
    """
    University, Institute of Technology, University of Applied Sciences, Business School,
    Medical University, Academy of Arts, Pedagogical University
    """
)
RESEARCH_TOPICS = _listed(
    """
    climate adaptation, quantum materials, public health, digital humanities, AI ethics,
    urban mobility, water management, migration studies, biodiversity, energy transition
    """
)

# The demo accounts: one per role, all with the same password (the demo is not for real data).
DEMO_PASSWORD = "accord-demo"  # noqa: S105 (public on purpose: printed for every demo user)
DEMO_USERS = (
    ("admin", "admin", "Alex", "Martin", "administrator: everything, including the audit log and admin site"),
    ("officer", "officer", "Olivia", "Peeters", "international officer: reads and edits everything"),
    ("coordinator", "coordinator", "Carlos", "Dubois", "coordinator of the Faculty of Science"),
    ("student", "student", "Sam", "Janssens", "student with their own outgoing mobility"),
    ("partner", "partner", "Petra", "Nowak", "contact at a partner university: sees only what involves it"),
    ("auditor", "auditor", "Aude", "Lambert", "auditor: reads everything, changes nothing"),
)
