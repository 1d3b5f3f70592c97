"""The assisted-entry admin: one Wagtail ViewSet holding the menu item "Saisie
accompagnée", its URLs under ``/admin/saisie/`` and its permission
``consultation.enter_answers`` (held by the "Saisie accompagnée" group and superusers).

Wagtail's admin URL wrapper sends an anonymous user to the admin login;
:func:`wagtail.admin.auth.permission_required` sends a staff user without the
permission (an editor, a committee member) to the admin home with Wagtail's refusal
message. Registered by ``consultation.wagtail_hooks``.
"""

from django.urls import path, re_path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import views
from .views import PERMISSION


class AssistedEntryViewSet(ViewSet):
    """Menu "Saisie accompagnée" and its views at ``/admin/saisie/`` (URL namespace
    ``consultation_assisted``), all behind :attr:`permission`.

    URLs (``page_id``: a ConsultationPage id; ``batch_id``: an EntryBatch id):
    ``""`` the consultations; ``<page_id>/`` its batches and a new batch;
    ``<page_id>/saisir/`` the entry form (``?lot=<batch_id>``);
    ``<page_id>/lots/<batch_id>/`` one batch and its differences.
    """

    name = "saisie"
    url_prefix = "saisie"
    url_namespace = "consultation_assisted"
    icon = "edit"
    menu_label = _("Assisted entry")
    menu_name = "saisie"
    menu_order = 660
    add_to_admin_menu = True
    #: The permission every view of the set and its menu item require.
    permission = PERMISSION

    @cached_property
    def menu_item_class(self):
        permission = self.permission

        class AssistedMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(permission)

        return AssistedMenuItem

    def view(self, view_class):
        """``view_class`` as a view function behind :attr:`permission`."""
        return permission_required(self.permission)(self.construct_view(view_class))

    def get_urlpatterns(self):
        view = self.view
        number = "[0-9]{1,18}"
        return [
            path("", view(views.IndexView), name="index"),
            re_path(rf"^(?P<page_id>{number})/$", view(views.BatchListView), name="batches"),
            re_path(rf"^(?P<page_id>{number})/saisir/$", view(views.EntryView), name="entry"),
            re_path(rf"^(?P<page_id>{number})/lots/(?P<batch_id>{number})/$",
                    view(views.BatchDetailView), name="batch"),
        ]


assisted_entry_viewset = AssistedEntryViewSet()
