"""URL configuration: admin, documents, API v2, sitemap, then Wagtail's page serving."""

from django.conf import settings
from wagtail.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.accounts.password_reset import PasswordResetView
from portal.api import api_router
from portal.health import PATH as HEALTH_PATH
from portal.health import healthz
from portal.hooks import PUBLIC_URLS
from portal.theme import THEME_PATH
from portal.theme_views import theme_stylesheet

urlpatterns = [
    # Database and cache reachable (portal.health), for load balancers and monitoring.
    path(HEALTH_PATH.lstrip("/"), healthz, name="healthz"),
    # The theme colours' stylesheet, named by its URL (portal.theme).
    path(THEME_PATH.lstrip("/"), theme_stylesheet, name="portal_theme"),
    # Wagtail's "Forgot password?" with rate limits (portal.accounts.password_reset).
    path("admin/password_reset/", PasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Plugins' public URLs answered before page routing (portal.hooks.PUBLIC_URLS).
for contribute in hooks.get_hooks(PUBLIC_URLS):
    urlpatterns += contribute()

urlpatterns += [path("", include(wagtail_urls))]

# Posts too large or with too many fields: a French page (the admin's look in the admin).
handler400 = "portal.errors.bad_request"
# Server errors: templates/500.html in the site's default look, without any query.
handler500 = "portal.errors.server_error"
