"""Sign-in security of the admin: lockout after repeated failures (django-axes), optional
TOTP two-factor verification (django-otp) and throttled password-reset e-mails."""
