# Sourced after TMP is made: Debian's python3 first on PATH for the test and
# all it starts. On machines where pyenv's shim comes first, each python3
# the shim starts costs about 0.3 s of bash (pyenv working out a version),
# and the suite starts hundreds; the helpers are written for Debian's
# python3 and its packages (PyJWT, prometheus_client, jsonschema) anyway.
if [[ -x /usr/bin/python3 && $(command -v python3) != /usr/bin/python3 ]]; then
  mkdir -p "$TMP/.python"
  ln -sf /usr/bin/python3 "$TMP/.python/python3"
  PATH=$TMP/.python:$PATH
fi
