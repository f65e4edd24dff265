"""The Django admin for coordinators: the review queue, case details, and possible duplicates.

Scope comes only from the choke point (`cases_visible_to`, through `casework.selectors`, and
`duplicates_visible_to`): a record outside it is absent from every queryset here, so it looks
exactly like a missing one. Nothing is added, deleted or edited through the admin; the
workflow goes through the services, and each action is offered only to those holding its
permission (regional coordinators hold none of them, so for them the cases are read-only).

Importing the modules registers their admins.
"""

from casework.admin import cases, duplicates, imports

__all__ = ["cases", "duplicates", "imports"]
