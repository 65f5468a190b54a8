"""Operators set up the organisation, its staff, help lines and cohorts here. Consents and
outreach notes are not in the admin: operators are not owed them either."""

from django.contrib import admin

from alongside.organizations.models import Cohort, HelpLine, Organization, OrganizationStaff


class HelpLineInline(admin.TabularInline):
    model = HelpLine
    extra = 0


class StaffInline(admin.TabularInline):
    model = OrganizationStaff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [HelpLineInline, StaffInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "discharge_month"]
    list_filter = ["organization"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["groups"]
