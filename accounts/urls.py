"""accounts: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from accounts import api, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("unlock/<str:token>/", views.unlock, name="unlock"),
    path("mentors/invite/", views.invite_mentor, name="invite-mentor"),
    path("mentors/<int:assignment_id>/revoke/", views.revoke_mentor, name="revoke-mentor"),
    path("mentors/invitations/<int:invitation_id>/withdraw/", views.withdraw_mentor_invitation,
         name="withdraw-mentor-invitation"),
    path("mentor-requests/", views.mentor_requests, name="mentor-requests"),
    path("mentor-requests/<int:request_id>/<str:decision>/", views.answer_mentor_request,
         name="answer-mentor-request"),
    path("my-data/", views.export_my_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
api_urlpatterns = [
    path("auth/token", api.TokenObtainApi.as_view(), name="token"),
    path("auth/token/refresh", api.TokenRefreshApi.as_view(), name="token-refresh"),
    path("auth/logout", api.LogoutApi.as_view(), name="logout"),
    path("auth/logout-all", api.LogoutAllApi.as_view(), name="logout-all"),
    path("users/me", api.MeApi.as_view(), name="me"),
    path("users/me/export", api.MeExportApi.as_view(), name="me-export"),
    path("mentors/", api.MentorListApi.as_view(), name="mentors"),
    path("mentors/invite", api.MentorInviteApi.as_view(), name="mentor-invite"),
    path("mentors/<int:assignment_id>/revoke", api.MentorRevokeApi.as_view(), name="mentor-revoke"),
    path("mentors/invitations", api.MentorInvitationListApi.as_view(), name="mentor-invitations"),
    path("mentors/invitations/<int:invitation_id>/withdraw", api.MentorInvitationWithdrawApi.as_view(),
         name="mentor-invitation-withdraw"),
    path("mentees/", api.MenteeListApi.as_view(), name="mentees"),
    path("mentees/requests", api.MenteeRequestListApi.as_view(), name="mentee-requests"),
    path("mentees/requests/<int:request_id>/accept", api.MenteeRequestAcceptApi.as_view(),
         name="mentee-request-accept"),
    path("mentees/requests/<int:request_id>/decline", api.MenteeRequestDeclineApi.as_view(),
         name="mentee-request-decline"),
    path("mentees/<int:candidate_id>/", api.MenteeDetailApi.as_view(), name="mentee-detail"),
]
