"""The home page's key figures: counters contributed by the plugins through the
``portal_home_counters`` hook (:data:`portal.hooks.HOME_COUNTERS`)."""

from portal.hooks import HOME_COUNTERS, run_hooks
from portal.numbers import format_number


def home_counters(request):
    """The key figures to show, in hook order.

    Input: ``request`` (HttpRequest). Output: list of dicts as the hook gives them
    ("key", "label", "count" int, "url" str or None) plus "figure": the count written in
    French ("1 234", a no-break space between thousands, :mod:`portal.numbers`).
    A contribution without an integer count is left out, and so is a count of zero: a
    figure at 0 ("0 réponse") says nothing yet on a page that invites people to take
    part; it appears with the first contribution.
    """
    counters = []
    for counter in run_hooks(HOME_COUNTERS, request):
        count = counter.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
            continue
        counters.append(dict(counter, figure=format_number(count)))
    return counters
