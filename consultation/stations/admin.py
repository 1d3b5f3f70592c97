"""The shared computers' admin: one Wagtail ViewSet holding the menu item "Postes
partagés", its URLs under ``/admin/postes-partages/`` and its permission
(``consultation.open_shared_station``, group "Saisie accompagnée"; superusers have it).
An anonymous user is sent to the admin login by Wagtail's URL wrapper; a staff user
without the permission to the admin home with Wagtail's refusal message; the menu item
is shown to holders only. Registered by ``consultation.wagtail_hooks``."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import views
from .views import PERMISSION


class StationMenuItem(MenuItem):
    """The menu item "Postes partagés", shown to holders of :data:`PERMISSION` only."""

    def is_shown(self, request):
        """True for holders of :data:`PERMISSION` (superusers too)."""
        return request.user.has_perm(PERMISSION)


class StationViewSet(ViewSet):
    """Admin menu "Postes partagés" (URL namespace ``consultation_stations``): ``""``
    the sessions, ``ouvrir/`` the form opening one, ``<id>/fermer/`` (POST) closing
    one; every view behind :data:`PERMISSION`."""

    name = "postes_partages"
    url_prefix = "postes-partages"
    url_namespace = "consultation_stations"
    icon = "desktop"
    menu_label = _("Shared computers")
    menu_name = "postes_partages"
    menu_order = 660
    add_to_admin_menu = True
    menu_item_class = StationMenuItem

    def view(self, view_class):
        """``view_class`` as a view function behind :data:`PERMISSION`."""
        return permission_required(PERMISSION)(self.construct_view(view_class))

    def get_urlpatterns(self):
        """The list, the form opening a session, the closing of one."""
        return [
            path("", self.view(views.StationIndexView), name="index"),
            path("ouvrir/", self.view(views.StationOpenView), name="open"),
            path("<int:station_id>/fermer/", self.view(views.StationCloseView), name="close"),
        ]


station_viewset = StationViewSet()
