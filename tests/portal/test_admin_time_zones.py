"""Time zones offered on the admin account page: real IANA names of French territories.

On Debian, ``zoneinfo.available_timezones()`` (Wagtail's default list) includes
"localtime", which the browser's ``Intl`` refuses: the account page's script then stops
with "RangeError: Invalid time zone specified: localtime".
"""

import zoneinfo

from wagtail.admin.localization import get_available_admin_time_zones


def test_every_offered_time_zone_is_a_valid_iana_name_and_paris_is_first():
    zones = get_available_admin_time_zones()
    assert zones[0] == "Europe/Paris"
    assert "localtime" not in zones and "posixrules" not in zones
    for name in zones:
        assert "/" in name
        zoneinfo.ZoneInfo(name)
