"""Serve the JupyterLab front end that e2e/lab_test.go drives.

Debian's jupyterlab_server (python3-jupyterlab-server) serves the webpack
build of this directory: its bundle, settings schemas and themes from
$METHODIC_LAB_BUILD, the settings overrides in settings/ next to this file,
and user settings and workspaces under $METHODIC_LAB_STATE. Options after
the script's name go to jupyter_server (port, token, root directory).
"""

import os

from jupyter_server.utils import url_path_join
from jupyterlab_server import LabServerApp
from tornado.web import StaticFileHandler

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ["METHODIC_LAB_BUILD"]
STATE = os.environ["METHODIC_LAB_STATE"]
# Debian's libjs-mathjax (a dependency of python3-notebook): served here,
# so that markdown math renders with no network.
MATHJAX = "/usr/share/javascript/mathjax"


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": MethodicLab}]


class MethodicLab(LabServerApp):
    name = __name__
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    app_name = "JupyterLab"
    app_version = "3.6.8"
    static_dir = BUILD
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    templates_dir = os.path.join(HERE, "templates")
    app_settings_dir = os.path.join(HERE, "settings")
    user_settings_dir = os.path.join(STATE, "user-settings")
    workspaces_dir = os.path.join(STATE, "workspaces")

    def initialize_handlers(self):
        super().initialize_handlers()
        if os.path.isdir(MATHJAX):
            self.handlers.append((r"/methodic/mathjax/(.*)", StaticFileHandler, {"path": MATHJAX}))

    def initialize_settings(self):
        super().initialize_settings()
        settings = self.serverapp.web_app.settings
        settings["terminals_available"] = False
        if os.path.isdir(MATHJAX):
            settings["mathjax_url"] = url_path_join(settings["base_url"], "methodic/mathjax/MathJax.js")


if __name__ == "__main__":
    MethodicLab.launch_instance()
