#!/usr/bin/env bash
# serve with outbox.serve.tls: off loopback with client certificates and no
# token, a certificate the CA signed is let in, none or a self-signed one
# gets 401 (or no handshake); a key file others can read is refused (78).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/peer_helpers.bash"

cd "$TMP"
key="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
openssl req -x509 $key -keyout ca.key -out ca.pem -days 2 -subj /CN=evt-test-ca 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >san.ext
for who in server client; do
  openssl req $key -keyout $who.key -out $who.csr -subj "/CN=$who" 2>/dev/null
  openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out $who.pem \
    $([[ $who == server ]] && echo -extfile san.ext) 2>/dev/null
done
openssl req -x509 $key -keyout rogue.key -out rogue.pem -days 2 -subj /CN=client 2>/dev/null
chmod 600 ./*.key

PORT[kiosk-a]=$(free_port)
PORT[kiosk-b]=$(free_port)
kiosk_config kiosk-b kiosk-a ../mesh.token \
  ', "tls": {"cert": "../server.pem", "key": "../server.key", "client_ca": "../ca.pem"}'
sed -i "s/127.0.0.1:${PORT[kiosk-b]}\"/0.0.0.0:${PORT[kiosk-b]}\"/" "$TMP/kiosk-b/event.json"
serve kiosk-b
url=https://127.0.0.1:${PORT[kiosk-b]}/v1/outbox/hello
code=$(curl -s -o "$TMP/body" -w '%{http_code}' --cacert ca.pem --cert client.pem --key client.key "$url")
[[ $code == 200 && $(jq -r .kiosk "$TMP/body") == kiosk-b ]] || fail "a signed client certificate: $code $(cat "$TMP/body")"
for args in "" "--cert rogue.pem --key rogue.key"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --cacert ca.pem $args "$url" || true)
  [[ $code == 401 || $code == 000 ]] || fail "client '${args:-without a certificate}' answered $code"
done
kill_serve kiosk-b

chmod 644 server.key
run on kiosk-b serve
expect_rc "a key others can read" 78
grep -q "chmod 600" "$TMP/err" || fail "the refusal should say what to do: $(cat "$TMP/err")"
echo "$TEST_NAME: ok"
