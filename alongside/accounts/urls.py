from django.urls import path

from alongside.accounts.views import auth

app_name = "accounts"
urlpatterns = [
    path("signup/", auth.signup, name="signup"),
    path("signup/check-your-inbox/", auth.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", auth.confirm_email, name="confirm_email"),
    path("confirm-again/", auth.resend_confirmation, name="resend_confirmation"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
