# use_debian_python DIR: Debian's python3 first on PATH for this shell and
# all it starts, through a link in DIR/.python. On machines where pyenv's
# shim comes first, each python3 the shim starts costs about 0.3 s of bash
# (pyenv working out a version), and the test suite starts hundreds; the
# helpers are written for Debian's python3 and its packages (PyJWT,
# prometheus_client, jsonschema) anyway.
use_debian_python() {
  [[ -x /usr/bin/python3 && $(command -v python3) != /usr/bin/python3 ]] || return 0
  mkdir -p "$1/.python"
  ln -sf /usr/bin/python3 "$1/.python/python3"
  PATH=$1/.python:$PATH
}
