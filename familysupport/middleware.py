from familysupport import audit


class AuditContextMiddleware:
    """Makes the client's address known to the audit record for the length of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            audit.client_ip.reset(token)
