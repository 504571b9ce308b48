"""Debian's nginx and Apache httpd, serving publish builds with the project's own recipes.

Each server is started on 127.0.0.1 at free ports, in the foreground, with its PID kept, and
stopped by that PID. It serves each site twice over: over TLS with a certificate made for the
test (openssl), and on a plain-HTTP port where the recipe's redirect to HTTPS is tested.

- nginx: Debian's own /etc/nginx/nginx.conf (mime.types, gzip, the worker user) with its
  paths moved into a scratch folder, and deploy/nginx.conf and its header snippet with only
  what the recipe tells a deployer to set changed: listen, root, the certificate, the
  snippet's path, and under a sub-path error_page.
- Apache: Debian's apache2.conf as shipped, with its default modules plus headers, rewrite
  and ssl (what a shared host enables), AllowOverride All, and the .htaccess that the build
  writes: nothing of the site's own is in the server configuration.

The site is copied as a deployer would copy it, keeping its files' modes, into a folder that
the servers' workers (www-data when run as root) can read.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from support.sitebuild import ROOT
from support.sitecheck import Site

RUN_AS_ROOT = os.geteuid() == 0


@dataclass
class Served:
    """One site on one server: where to reach it, and what it serves."""

    server: str  # "nginx/1.22.1"
    address: str  # the site's own address, https://example.org/campaigns
    https_port: int
    http_port: int
    site: Site
    cafile: Path

    @property
    def host(self) -> str:
        return urlsplit(self.address).hostname or ""


def binary(name: str) -> str:
    """The server's program: on PATH, or in /usr/sbin (not on a normal user's PATH)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        raise RuntimeError(
            f"{name} is not installed. make test installs it as root on Debian; otherwise "
            f"run: sudo apt-get install {'apache2' if name == 'apache2' else 'nginx'}"
        )
    return found


def version(name: str) -> str:
    """nginx/1.22.1 or Apache/2.4.62 (Debian), as the program reports itself."""
    result = subprocess.run([binary(name), "-v"], capture_output=True, text=True, check=True)
    found = re.search(r"(nginx/\S+|Apache/\S+(?: \(\w+\))?)", result.stdout + result.stderr)
    return found[1] if found else "unknown"


def scratch(prefix: str) -> Path:
    """A folder the servers' workers can enter (tempfile's own are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def certificate(folder: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A self-signed certificate for `hosts`, valid for two days: (certificate, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    names = ",".join(f"DNS:{host}" for host in hosts)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            # An elliptic-curve key: made in milliseconds, where RSA 2048 took a tenth of a
            # second or more, and each TLS handshake signs with it (hundreds a run).
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            f"/CN={hosts[0]}",
            "-addext",
            f"subjectAltName={names}",
        ],
        check=True,
        capture_output=True,
    )
    key.chmod(0o644)  # the test's own throwaway key, read by the servers' workers
    return cert, key


def deploy(site: Site, address: str, docroot: Path) -> None:
    """Copy the build to docroot, or to docroot/<sub-path>/ for a site under a sub-path."""
    target = docroot / urlsplit(address).path.strip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site.root, target, dirs_exist_ok=True)


def replace_once(text: str, old: str, new: str) -> str:
    """Change one line the recipe tells a deployer to change; fail if the recipe has lost it."""
    count = text.count(old)
    if count == 0:
        raise AssertionError(f"the recipe no longer has {old!r}")
    return text.replace(old, new)


def logs(folder: Path) -> str:
    return "\n".join(f"{log.name}:\n{log.read_text()}" for log in sorted(folder.glob("*.log")))


def free_ports(count: int) -> list[int]:
    """`count` different local ports nothing listens on: each is held until all are found
    (one free port asked for after another can be the same port again, which Apache then
    refuses to listen on twice)."""
    with contextlib.ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for each in sockets:
            each.bind(("127.0.0.1", 0))
        return [each.getsockname()[1] for each in sockets]


def wait_for_ports(process: subprocess.Popen, ports: list[int], folder: Path) -> None:
    deadline = time.monotonic() + 15
    for port in ports:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped at start:\n{logs(folder)}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the server did not listen on {port}:\n{logs(folder)}"
                    ) from None
                time.sleep(0.05)


class WebServer:
    """A started server: its sites, and stop()."""

    name = ""

    def __init__(self, sites: list[tuple[Site, str]], editor: bool = False) -> None:
        """editor: configured as the recipe says for a site with the editor on (nginx: its
        location for /admin/ uncommented; Apache needs nothing but the build's files)."""
        self.editor = editor
        self.folder = scratch(f"{self.name}-test-")
        hosts = sorted({urlsplit(address).hostname or "" for _, address in sites})
        self.cert, self.key = certificate(self.folder, hosts)
        self.version = version(self.name)
        self.sites: dict[str, Served] = {}
        ports = free_ports(2 * len(sites))
        for number, (site, address) in enumerate(sites):
            docroot = self.folder / f"site{number}"
            deploy(site, address, docroot)
            https, http = ports[2 * number : 2 * number + 2]
            self.sites[address] = Served(self.version, address, https, http, site, self.cert)
        self.process = self.start()
        ports = [port for s in self.sites.values() for port in (s.https_port, s.http_port)]
        wait_for_ports(self.process, ports, self.folder)

    def docroot(self, served: Served) -> Path:
        number = list(self.sites).index(served.address)
        return self.folder / f"site{number}"

    def start(self) -> subprocess.Popen:
        raise NotImplementedError

    def stop(self) -> None:
        """End the server this object started, by its PID, and remove its folder."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class Nginx(WebServer):
    name = "nginx"

    def server_blocks(self, served: Served) -> str:
        recipe = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
        recipe = replace_once(recipe, "listen 80;", f"listen 127.0.0.1:{served.http_port};")
        recipe = replace_once(
            recipe, "listen 443 ssl http2;", f"listen 127.0.0.1:{served.https_port} ssl http2;"
        )
        recipe = replace_once(
            recipe, "root /srv/stop-it-now-campaigns/output;", f"root {self.docroot(served)};"
        )
        recipe = replace_once(
            recipe,
            "ssl_certificate /etc/ssl/certs/campaigns.example.org.pem;",
            f"ssl_certificate {self.cert};",
        )
        recipe = replace_once(
            recipe,
            "ssl_certificate_key /etc/ssl/private/campaigns.example.org.key;",
            f"ssl_certificate_key {self.key};",
        )
        recipe = replace_once(
            recipe,
            "include /etc/nginx/snippets/stop-it-now-security-headers.conf;",
            f"include {self.folder / 'security-headers.conf'};",
        )
        if self.editor:
            block = re.search(
                r"(?m)^    # location \^~ /admin/ \{\n(?:    # .*\n)+?    # \}\n", recipe
            )
            if block is None:
                raise RuntimeError("deploy/nginx.conf has no commented location for /admin/")
            uncommented = re.sub(r"(?m)^    # ", "    ", block[0]).replace(
                "/etc/nginx/snippets/stop-it-now-editor-headers.conf",
                str(self.folder / "editor-headers.conf"),
            )
            recipe = recipe.replace(block[0], uncommented)
        sub_path = urlsplit(served.address).path.rstrip("/")
        if sub_path:
            recipe = replace_once(
                recipe, "error_page 404 /404.html;", f"error_page 404 {sub_path}/404.html;"
            )
        return recipe

    def start(self) -> subprocess.Popen:
        for snippet in ("security-headers", "editor-headers"):
            shutil.copy(ROOT / "deploy" / f"nginx-{snippet}.conf", self.folder / f"{snippet}.conf")
        servers = self.folder / "servers.conf"
        servers.write_text("\n".join(self.server_blocks(s) for s in self.sites.values()))
        main = Path("/etc/nginx/nginx.conf").read_text(encoding="utf-8")
        main = re.sub(r"(?m)^pid .*;", f"pid {self.folder / 'nginx.pid'};", main)
        main = re.sub(r"(?m)^error_log .*;", f"error_log {self.folder / 'error.log'};", main)
        main = re.sub(r"(?m)^(\s*)access_log .*;", r"\1access_log off;", main)
        if not RUN_AS_ROOT:
            main = re.sub(r"(?m)^user .*;", "", main)
        temp = "".join(
            f"\t{kind}_temp_path {self.folder / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        main = replace_once(
            main, "include /etc/nginx/sites-enabled/*;", f"include {servers};\n{temp}"
        )
        config = self.folder / "nginx.conf"
        config.write_text(main)
        error_log = str(self.folder / "error.log")
        command = [binary("nginx"), "-c", str(config), "-e", error_log]
        test = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError(f"nginx refused the recipe:\n{test.stderr}")
        return subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )


class Apache(WebServer):
    name = "apache2"

    def start(self) -> subprocess.Popen:
        main = Path("/etc/apache2/apache2.conf").read_text(encoding="utf-8")
        main = replace_once(main, "Include ports.conf", "")
        main = replace_once(
            main, "IncludeOptional sites-enabled/*.conf", f"Include {self.folder / 'sites.conf'}"
        )
        # What a shared host enables beyond Debian's defaults: headers and rewrite for the
        # site's .htaccess, ssl for HTTPS.
        modules = "".join(
            f"IncludeOptional mods-available/{m}\n"
            for m in ("headers.load", "rewrite.load", "socache_shmcb.load", "ssl.load", "ssl.conf")
        )
        sites = [modules, "ServerName localhost"]
        for served in self.sites.values():
            root = self.docroot(served)
            sites.append(
                f"Listen 127.0.0.1:{served.https_port}\nListen 127.0.0.1:{served.http_port}\n"
                f"<Directory {root}>\n  AllowOverride All\n  Require all granted\n</Directory>\n"
                f"<VirtualHost 127.0.0.1:{served.https_port}>\n  ServerName {served.host}\n"
                f"  DocumentRoot {root}\n  SSLEngine on\n  SSLCertificateFile {self.cert}\n"
                f"  SSLCertificateKeyFile {self.key}\n</VirtualHost>\n"
                f"<VirtualHost 127.0.0.1:{served.http_port}>\n  ServerName {served.host}\n"
                f"  DocumentRoot {root}\n</VirtualHost>\n"
            )
        (self.folder / "sites.conf").write_text("\n".join(sites))
        config = self.folder / "apache2.conf"
        config.write_text(main)
        user = "www-data" if RUN_AS_ROOT else os.environ.get("USER", "nobody")
        env = {
            **os.environ,
            "APACHE_RUN_USER": user,
            "APACHE_RUN_GROUP": user,
            "APACHE_PID_FILE": str(self.folder / "apache2.pid"),
            "APACHE_RUN_DIR": str(self.folder),
            "APACHE_LOCK_DIR": str(self.folder),
            "APACHE_LOG_DIR": str(self.folder),
            "LANG": "C",
        }
        command = [binary("apache2"), "-d", "/etc/apache2", "-f", str(config)]
        with (self.folder / "start.log").open("w") as log:
            return subprocess.Popen(
                [*command, "-DFOREGROUND"], env=env, stdout=log, stderr=subprocess.STDOUT
            )


# The servers the deploy recipes are tested on, by name.
SERVERS: dict[str, type[WebServer]] = {"nginx": Nginx, "apache": Apache}
