"""Who plays the season: eleven people of two organisations sharing one Slack Connect channel — the
consultancy (its project director among them, one consultant in London) and the Region's team."""

from __future__ import annotations

from dataclasses import dataclass

AGENCY, REGION = "T0AGENCE", "T0REGION"
CHANNEL = "C0SEASON"  # the mission's channel, shared by both organisations


@dataclass(frozen=True)
class Person:
    id: str
    handle: str
    name: str
    team: str
    lang: str = "fr"
    tz: str = "Europe/Paris"

    @property
    def locale(self) -> str:
        return "fr-FR" if self.lang == "fr" else "en-GB"

    @property
    def mention(self) -> str:
        return f"<@{self.id}|{self.handle}>"


DIRECTOR = Person("U0CLAIRE", "claire", "Claire Martin", AGENCY)
PEOPLE = (
    DIRECTOR,
    Person("U0MARIE", "marie", "Marie Dubois", AGENCY),
    Person("U0KARIM", "karim", "Karim Benali", AGENCY),
    Person("U0LUCIE", "lucie", "Lucie Moreau", AGENCY),
    Person("U0HUGO", "hugo", "Hugo Lefebvre", AGENCY),
    Person("U0INES", "ines", "Inès Garnier", AGENCY),
    Person("U0PAUL", "paul", "Paul Roux", AGENCY),
    Person("U0TOM", "tom", "Tom Baker", AGENCY, lang="en", tz="Europe/London"),
    Person("U0BRUNO", "bruno", "Bruno Garcia", REGION),
    Person("U0SARAH", "sarah", "Sarah Petit", REGION),
    Person("U0NADIA", "nadia", "Nadia Haddad", REGION),
)
NEWCOMER = Person("U0JADE", "jade", "Jade Fontaine", AGENCY)  # joins during the season
BY_ID = {p.id: p for p in (*PEOPLE, NEWCOMER)}
