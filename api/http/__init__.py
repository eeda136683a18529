"""The HTTP side: the app factory (``api.http.app``), its dependencies, problem answers and
one router per area."""
