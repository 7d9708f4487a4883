#!/usr/bin/env bash
# Regenerates the seed corpus in fuzz/corpus/<target>/ (committed; run this only to change it).
# Frame, message and spool seeds come from the product's own encoders (the harness's `seeds`
# mode); CSR, SPKAC and OpenPGP seeds from the real openssl and gpg, small keys first so that
# afl-fuzz mutates short inputs. Needs: dotnet, openssl, gpg.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus="$here/corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet run --project "$here/PrivSepSigner.Fuzz" -c Release -- seeds "$corpus"

mkdir -p "$corpus/csr" "$corpus/spkac" "$corpus/openpgp"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ec.pem" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.pem" 2>/dev/null

# CSRs: a P-256 request with SANs of every kind the parser reads, a bare RSA one, and a CA request.
openssl req -new -key "$work/ec.pem" -subj "/C=DE/O=Example/CN=www.example.org" -outform DER -out "$corpus/csr/ec-sans" \
  -addext "subjectAltName=DNS:www.example.org,email:a@example.org,IP:192.0.2.1,IP:2001:db8::1,URI:https://example.org/"
openssl req -new -key "$work/rsa.pem" -subj "/CN=rsa" -outform DER -out "$corpus/csr/rsa-bare"
openssl req -new -key "$work/ec.pem" -subj "/CN=sub ca" -outform DER -out "$corpus/csr/ec-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=keyCertSign"
head -c 40 "$corpus/csr/ec-sans" > "$corpus/csr/truncated"

# SPKACs: DER and the text form, EC and RSA, and an MD5-signed one that must be refused.
openssl spkac -key "$work/ec.pem" -challenge c1 -digest sha256 > "$work/ec.spkac"
openssl spkac -key "$work/rsa.pem" -challenge c2 -digest sha256 > "$work/rsa.spkac"
openssl spkac -key "$work/rsa.pem" -challenge c3 -digest md5 > "$work/md5.spkac"
cp "$work/ec.spkac" "$corpus/spkac/ec-text"
sed -n 's/^SPKAC=//p' "$work/ec.spkac" | base64 -d > "$corpus/spkac/ec-der"
sed -n 's/^SPKAC=//p' "$work/rsa.spkac" | base64 -d > "$corpus/spkac/rsa-der"
sed -n 's/^SPKAC=//p' "$work/md5.spkac" | base64 -d > "$corpus/spkac/rsa-md5-der"

# OpenPGP: an Ed25519 key with two user IDs (binary and armored), an RSA-3072 key, and a secret key.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg() { command gpg --batch --quiet --pinentry-mode loopback --passphrase '' "$@"; }
gpg --quick-gen-key "Alice <alice@example.test>" ed25519 default never
gpg --quick-add-uid "Alice <alice@example.test>" "Alice Work <alice@work.example.test>"
gpg --quick-gen-key "Bob <bob@example.test>" rsa3072 default never
gpg --export "Alice <alice@example.test>" > "$corpus/openpgp/ed25519"
gpg --export --armor "Alice <alice@example.test>" > "$corpus/openpgp/ed25519-armored"
gpg --export "Bob <bob@example.test>" > "$corpus/openpgp/rsa3072"
gpg --export-secret-keys "Alice <alice@example.test>" > "$corpus/openpgp/ed25519-secret"

ls -l "$corpus"/*
