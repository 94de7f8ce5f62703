"""``quantriet manage create_api_token <username> <name>``: issue a bearer key for the JSON API.

The plain key is printed once and never stored; keep it like a password.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from quantriet.orgs import services
from quantriet.orgs.models import ApiToken


class Command(BaseCommand):
    help = "Cấp khóa API cho một tài khoản (in khóa ra một lần duy nhất), hoặc thu hồi bằng --revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="tên đăng nhập của tài khoản sẽ dùng khóa")
        parser.add_argument("name", nargs="?", default="", help="tên khóa, ví dụ tên chương trình dùng nó")
        parser.add_argument(
            "--revoke", metavar="PREFIX", help="thu hồi khóa có tiền tố này thay vì cấp khóa mới"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(
                f"Không có tài khoản “{options['username']}”. Hãy kiểm tra tên đăng nhập."
            ) from None
        if options["revoke"]:
            token = ApiToken.objects.filter(
                user=user, prefix=options["revoke"], revoked_at__isnull=True
            ).first()
            if token is None:
                raise CommandError(
                    f"Tài khoản này không có khóa đang dùng với tiền tố “{options['revoke']}”."
                )
            services.revoke_token(None, token)
            self.stdout.write(f"Đã thu hồi khóa “{token.name}” ({token.prefix}…).")
            return
        try:
            token, key = services.create_token(None, user, options["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Khóa API “{token.name}” cho {user.get_username()} (tiền tố {token.prefix}):")
        self.stdout.write(key)
        self.stdout.write("Khóa chỉ hiện một lần; hãy lưu lại ngay. Dùng: Authorization: Bearer <khóa>")
