using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stockade.Cli.Generate;

/// <summary>A CA and a serving certificate signed by it, as PEM.</summary>
internal sealed record WebhookCertificateSet(string CaCertificatePem, string ServingCertificatePem, string ServingKeyPem);

/// <summary>
/// Generates the webhook's TLS material with <see cref="CertificateRequest"/>: a self-signed CA
/// (the caBundle the API server trusts) and a serving certificate for the Service's DNS names.
/// ECDSA P-256 keys: small, fast handshakes, accepted by every supported API server.
/// </summary>
internal static class WebhookCertificates
{
    public static IReadOnlyList<string> DnsNames(string service, string ns) =>
        [service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"];

    public static WebhookCertificateSet Create(string service, string ns, DateTimeOffset now, int validityDays)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={service}-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        // The CA outlives the serving certificate so the serving one can be renewed against the same caBundle.
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(validityDays * 2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={service}.{ns}.svc", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames(service, ns)) san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var serving = request.Create(ca, now.AddMinutes(-5), now.AddDays(validityDays), serial);
        return new WebhookCertificateSet(ca.ExportCertificatePem(), serving.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
