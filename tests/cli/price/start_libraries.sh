#!/usr/bin/env bash
# evt-price loads at start only the libraries a quote can use (doc/design.md
# §11): libpq, and OpenSSL, Kerberos, LDAP and GnuTLS with it, are loaded
# when a command calls the hub (doc/design.md §18), and then the hub works:
# one that refuses the connection is 69 with libpq's own words. SQLite and
# Lua are linked in from their static archives, so neither is a library to
# load either (tests/cli/price/lua.sh and redemptions.sh show they work).
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
export XDG_CONFIG_HOME=$TMP/no-config

ldd "$price" >"$TMP/ldd" || fail "ldd $price: $(cat "$TMP/ldd")"
grep -q 'libc\.so' "$TMP/ldd" || fail "ldd listed no libc: $(cat "$TMP/ldd")"
for library in libpq libssl libcrypto libgssapi_krb5 libldap libgnutls libmicrohttpd libsqlite3 liblua5.4; do
  if grep -q "^[[:space:]]*$library\.so" "$TMP/ldd"; then
    fail "$library is loaded at every start: $(awk '{ print $1 }' "$TMP/ldd" | tr '\n' ' ')"
  fi
done

cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [{"id": "last", "kind": "cart_amount_off", "amount": 500, "code": "LAST", "limit": {"total": 1}}]}
JSON
cat >"$TMP/site.json" <<JSON
{"site": {"name": "fest", "hub": "host=127.0.0.1 port=$(free_port) dbname=evt user=kiosk_role connect_timeout=2",
          "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"},
 "price": {"promotions": "$TMP/promotions.json"}}
JSON
chmod 0600 "$TMP/site.json"
run "$price" --state-dir "$TMP/state" --config "$TMP/site.json" redemptions sync
expect_rc "redemptions sync with nothing listening at the hub's port" 69
grep -q 'hub: .*refused' "$TMP/err" || fail "expected libpq's connection refused, got: $(cat "$TMP/err")"
