"""The benchmark's own URL configuration: the product's URLs plus its two baselines.

A bare view (logged in, a trivial template) measures the cost of the stack itself: middleware,
session, authentication. The Django admin's changelist of families is the other yardstick; the
product's admin registers no case models (need-to-know), so this admin site exists only here,
mounted only while the benchmark runs (override_settings(ROOT_URLCONF=...)).
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from cases.models import Family
from familysupport.access import authenticated
from familysupport.urls import urlpatterns as product_urlpatterns

PAGE_SIZE = 25  # as the product's family list, so both render the same number of rows


class BenchAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_authenticated


class FamilyAdmin(admin.ModelAdmin):
    list_display = ["reference", "name", "status", "social_worker", "created_at"]
    list_select_related = ["social_worker"]
    list_per_page = PAGE_SIZE

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


site = BenchAdminSite(name="bench_admin")
site.register(Family, FamilyAdmin)


@authenticated
def bare(request: HttpRequest) -> HttpResponse:
    return render(request, "tools/bare.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/admin/", site.urls),
    *product_urlpatterns,
]
