"""Images with Content Credentials (C2PA manifests) signed here, as an AI generator or an editing
tool signs them: a throwaway certificate authority and a signing certificate made with
`cryptography` (ES256), the manifest written by the CAI's own c2pa library."""

import datetime
import functools
import io

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.uploads.images import image_bytes

SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Imaginary Generators Ltd"),
        ]
    )


def _usage(*, signs_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not signs_certificates,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


@functools.cache
def signing_credentials() -> tuple[bytes, bytes]:
    """(the signing certificate and its authority's, PEM; the signing key, PEM): C2PA wants an
    end-entity certificate for signing, issued by an authority, with the e-mail protection use."""
    now = datetime.datetime.now(datetime.UTC)
    authority_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())

    def certificate(subject, issuer, public_key, *, is_authority: bool) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=is_authority, path_length=None), critical=True)
            .add_extension(_usage(signs_certificates=is_authority), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    authority = certificate(
        _name("Imaginary Root CA"), _name("Imaginary Root CA"), authority_key.public_key(), is_authority=True
    ).sign(authority_key, hashes.SHA256())
    signing = (
        certificate(_name("Imaginary Image Generator"), authority.subject, key.public_key(), is_authority=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()), critical=False)
        .sign(authority_key, hashes.SHA256())
    )
    chain = signing.public_bytes(serialization.Encoding.PEM) + authority.public_bytes(serialization.Encoding.PEM)
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return chain, pem_key


def manifest(*actions: dict) -> dict:
    return {
        "claim_generator_info": [{"name": "imaginary-generator", "version": "4.1"}],
        "title": "generated.jpg",
        "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": list(actions)}}],
    }


def created(source_type: str) -> dict:
    return {"action": "c2pa.created", "digitalSourceType": SOURCE_TYPE + source_type}


def edited(source_type: str) -> dict:
    return {"action": "c2pa.edited", "digitalSourceType": SOURCE_TYPE + source_type}


def _sign(data: bytes, image_format: str, actions, remote_url: str = "") -> tuple[bytes, bytes]:
    chain, key = signing_credentials()
    info = c2pa.C2paSignerInfo(alg=b"es256", sign_cert=chain, private_key=key, ta_url=None)
    output = io.BytesIO()
    with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest(*actions)) as builder:
        if remote_url:
            builder.set_no_embed()
            builder.set_remote_url(remote_url)
        manifest_store = builder.sign(signer, MEDIA_TYPES[image_format], io.BytesIO(data), output)
    return output.getvalue(), manifest_store


def signed(data: bytes, image_format: str, *actions: dict) -> bytes:
    """`data` with a manifest of these actions in it, signed."""
    return _sign(data, image_format, actions)[0]


def signed_elsewhere(data: bytes, image_format: str, url: str, *actions: dict) -> tuple[bytes, bytes]:
    """`data` naming `url` as the place of its signed manifest (in its XMP), and that manifest."""
    return _sign(data, image_format, actions, remote_url=url)


def generated_image(image_format: str = "JPEG", source_type: str = "trainedAlgorithmicMedia") -> bytes:
    """What an AI image generator hands out: a picture whose only metadata is its signed manifest."""
    return signed(image_bytes(image_format, (800, 533), "purple"), image_format, created(source_type))
