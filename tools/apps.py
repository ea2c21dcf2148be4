from django.apps import AppConfig


class ToolsConfig(AppConfig):
    """Development tools, not runtime code: the demo data (seed_demo) and the benchmark (bench).

    Installed only where the development requirements are (settings.DEV_TOOLS).
    """

    name = "tools"
    verbose_name = "Development tools"
