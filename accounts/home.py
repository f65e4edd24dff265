"""What the home page shows each role: the work waiting for them.

Every read goes through the scope of the role: cases through `casework.selectors`, possible
duplicates through `casework.duplicates`, runs through `reporting.runs`, releases through
`reporting.releases`. Which desk a person gets follows from how far their scope reaches
(the role ladder), never from the role's name. The work is bounded: each list holds at most
`SHOWN` rows and its length comes from one counting query, so the page costs the same
number of queries with ten cases or a million.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Reach, reach_of, reaches
from casework import selectors
from casework.duplicates import duplicates_visible_to
from casework.services import cases_list_record
from reporting.releases import release_latest, release_newest_for
from reporting.runs import runs_visible_to
from reporting.tables import TABLES

SHOWN = 20  # rows of each list; the rest are counted ("and 12 more")


@dataclass(frozen=True)
class Capped:
    """The first rows of a list, and how many it holds in all."""

    rows: list
    count: int

    @property
    def more(self) -> int:
        return max(self.count - len(self.rows), 0)


def _capped(rows: QuerySet, count: int) -> Capped:
    return Capped(list(rows[:SHOWN]) if count else [], count)


def cases_desk(user: User) -> dict:
    """A caseworker's own cases: those that came back from review (why, the latest first)
    and the drafts not yet submitted."""
    counts = selectors.to_do_counts(user=user)
    return {
        "returned": _capped(selectors.returned_cases(user=user), counts["returned"]),
        "drafts": _capped(selectors.draft_cases(user=user), counts["drafts"]),
    }


def review_desk(user: User) -> dict:
    """A coordinator's day: the submitted cases of their scope (oldest first, counted by
    organisation), the possible duplicates awaiting a decision, their scope's last
    aggregation run and the last release."""
    by_organisation = selectors.review_queue_counts(user=user)
    total = sum(row["count"] for row in by_organisation)
    return {
        "queue": _capped(selectors.review_queue(user=user), total),
        "by_organisation": Capped(by_organisation[:SHOWN], len(by_organisation)),
        # Open as the duplicates' admin list has it ("awaiting a decision": `undecided`).
        "duplicates": duplicates_visible_to(user).filter(undecided__gt=0).count(),
        "run": runs_visible_to(user).order_by("-created_at", "-pk").first(),
        "release": release_newest_for(user),
        "publishes": user.has_perm("reporting.publish_release"),
        "regional": reaches(user, Reach.REGION),
    }


def release_desk() -> dict:
    """For those who read statistics only: the latest published release and its tables."""
    return {"release": release_latest(), "tables": TABLES}


def home_desks(user: User, request=None) -> dict:
    """The desks of `user`'s home page, with the cases they list recorded as read."""
    reach = reach_of(user)
    desks = {"cases_desk": None, "review_desk": None, "release_desk": None}
    shown = []
    if reach is Reach.ORGANISATION:
        desk = desks["cases_desk"] = cases_desk(user)
        shown = [*desk["returned"].rows, *desk["drafts"].rows]
    elif reach >= Reach.TERRITORY:
        desk = desks["review_desk"] = review_desk(user)
        shown = desk["queue"].rows
    else:
        desks["release_desk"] = release_desk()
    if shown:
        cases_list_record(user=user, cases=shown, listing="home", request=request)
    return desks
