"""analytics pages: the leaderboard, the badge collection and the motivation preferences. The dashboard's charts are
a partial (`analytics/_dashboard.html`) that the signed-in home includes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from analytics import achievements, selectors, services
from analytics.charts import dashboard_charts
from analytics.models import LeaderboardPeriod


def dashboard_context(user) -> dict:
    """What the analytics partial of the signed-in home needs (cached per candidate)."""
    summary = selectors.cached_dashboard_summary(user)
    return {"summary": summary, "charts": dashboard_charts(summary)}


@login_required
@require_GET
def dashboard(request):
    return render(request, "analytics/dashboard.html", dashboard_context(request.user))


@login_required
@require_GET
def leaderboard(request):
    period = request.GET.get("period", LeaderboardPeriod.WEEK)
    if period not in LeaderboardPeriod.values:
        period = LeaderboardPeriod.WEEK
    prefs = services.ensure_preferences(user=request.user)
    context = {
        "period": period, "periods": LeaderboardPeriod.choices, "rows": selectors.leaderboard_rows(period=period),
        "me": selectors.leaderboard_entry_for(request.user, period=period), "prefs": prefs,
    }
    return render(request, "analytics/leaderboard.html", context)


@login_required
@require_GET
def achievement_list(request):
    earned = dict(selectors.awards_for(request.user).values_list("code", "awarded_at"))
    badges = [{"achievement": a, "awarded_at": earned.get(a.code)} for a in achievements.CATALOGUE]
    return render(request, "analytics/achievements.html", {"badges": badges, "earned": len(earned)})


class PreferencesForm(forms.Form):
    leaderboard_opt_in = forms.BooleanField(required=False, label="Show me on the leaderboard under my pseudonym")
    weekly_digest = forms.BooleanField(required=False, label="Send me a weekly digest email")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    prefs = services.ensure_preferences(user=request.user)
    form = PreferencesForm(request.POST or None, initial={"leaderboard_opt_in": prefs.leaderboard_opt_in,
                                                          "weekly_digest": prefs.weekly_digest})
    if request.method == "POST" and form.is_valid():
        services.update_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, "Preferences saved.")
        return redirect("analytics:preferences")
    return render(request, "analytics/preferences.html", {"form": form, "prefs": prefs})
