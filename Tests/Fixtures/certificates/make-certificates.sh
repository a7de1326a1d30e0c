#!/usr/bin/env bash
# Makes the TEST-ONLY keys and certificates of Tests/Fixtures/certificates with the openssl command line.
# None of them is, or was ever, registered anywhere real: every private key here is public by being in this
# repository. Re-run it (bash make-certificates.sh) only to change the set; the tests read fingerprints.txt, which
# it writes, so the expected thumbprints always come from `openssl x509 -fingerprint`, never from provision.
#
# Dates are fixed, so that "expired" and "not yet valid" stay so: the good certificates run 2024-01-01 to
# 2124-01-01, the expired one ended in 2001, the early one starts in 2099.
set -euo pipefail
cd "$(dirname "$0")"
password=fixture-password
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/newcerts"
: > "$work/index.txt"
echo 1000 > "$work/serial"
cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = fixture_ca
[ fixture_ca ]
database = $work/index.txt
new_certs_dir = $work/newcerts
serial = $work/serial
default_md = sha256
policy = anything
unique_subject = no
x509_extensions = leaf_ext
[ anything ]
commonName = supplied
organizationName = optional
[ leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF

good_start=20240101000000Z
good_end=21240101000000Z

# sign NAME KEY SUBJECT START END: a certificate for KEY signed by the test CA.
sign() {
  openssl req -new -key "$2" -subj "$3" -out "$work/$1.csr" 2>/dev/null
  openssl ca -batch -notext -config "$work/ca.cnf" -cert ca.pem -keyfile ca.key -in "$work/$1.csr" \
    -startdate "$4" -enddate "$5" -out "$1.crt" 2>/dev/null
}

rsa() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1" 2>/dev/null; }
rsa ca.key 2048
rsa leaf.key 2048
rsa other.key 2048
rsa rsa1024.key 1024
rsa rsa4096.key 4096
rsa rsa4608.key 4608
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key 2>/dev/null
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out "$work/dsa.params" 2>/dev/null
openssl genpkey -paramfile "$work/dsa.params" -out dsa.key

# The CA, self-signed with fixed dates too.
openssl req -new -key ca.key -subj "/CN=provision test CA/O=provision tests" -out "$work/ca.csr"
openssl ca -batch -notext -selfsign -config "$work/ca.cnf" -keyfile ca.key -in "$work/ca.csr" -extensions ca_ext \
  -startdate $good_start -enddate $good_end -out ca.pem 2>/dev/null

sign leaf leaf.key "/CN=provision test client/O=provision tests" $good_start $good_end
sign other other.key "/CN=provision other client/O=provision tests" $good_start $good_end
sign expired leaf.key "/CN=provision expired client/O=provision tests" 20000101000000Z 20010101000000Z
sign not-yet-valid leaf.key "/CN=provision future client/O=provision tests" 20990101000000Z 21000101000000Z
for name in rsa1024 rsa4096 rsa4608 ec dsa; do
  sign $name $name.key "/CN=provision $name client/O=provision tests" $good_start $good_end
done
mv leaf.crt leaf.pem

# The files provision is given: certificate and key in one PEM, in the forms people have.
cat leaf.pem leaf.key > pkcs8.pem
{ openssl pkey -in leaf.key -traditional; cat leaf.pem; } > pkcs1.pem
{ openssl pkcs8 -topk8 -in leaf.key -v2 aes-256-cbc -passout pass:$password; cat leaf.pem; } > encrypted.pem
cat leaf.pem leaf.key ca.pem > chain.pem
openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -name "provision test client" \
  -passout pass:$password -out bundle.pfx
openssl pkcs12 -export -legacy -inkey leaf.key -in leaf.pem -name "provision test client" \
  -passout pass:$password -out legacy.pfx
cat expired.crt leaf.key > expired.pem
cat not-yet-valid.crt leaf.key > not-yet-valid.pem
cat leaf.pem other.key > mismatch.pem
cat other.crt other.key > other.pem
for name in rsa1024 rsa4096 rsa4608 ec dsa; do cat $name.crt $name.key > $name.pem; done
rm -f ./*.crt rsa1024.key rsa4096.key rsa4608.key ec.key dsa.key

# What the tests compare against: openssl's own view of the client certificate.
{
  echo "password $password"
  echo "subject $(openssl x509 -in leaf.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')"
  echo "sha1 $(openssl x509 -in leaf.pem -noout -fingerprint -sha1 | sed 's/^.*=//')"
  echo "sha256 $(openssl x509 -in leaf.pem -noout -fingerprint -sha256 | sed 's/^.*=//')"
  echo "notAfter $(openssl x509 -in leaf.pem -noout -enddate | sed 's/^notAfter=//')"
  echo "caSha1 $(openssl x509 -in ca.pem -noout -fingerprint -sha1 | sed 's/^.*=//')"
  echo "otherSha1 $(openssl x509 -in other.pem -noout -fingerprint -sha1 | sed 's/^.*=//')"
} > fingerprints.txt
cat fingerprints.txt
