from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_notification_email(*, subject: str, body: str, recipients: list[str], url: str = "") -> int:
    """One e-mail per recipient, so that nobody sees the others' addresses."""
    link = f"\n\n{settings.ACCORD_BASE_URL.rstrip('/')}{url}" if url else ""
    sent = 0
    for address in recipients:
        sent += send_mail(f"[Accord] {subject}", f"{body}{link}", None, [address], fail_silently=False)
    return sent
