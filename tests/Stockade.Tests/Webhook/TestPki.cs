using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stockade.Tests.Webhook;

/// <summary>A throwaway CA issuing serving and client certificates for 127.0.0.1, generated in the test.</summary>
public sealed class TestPki : IDisposable
{
    public X509Certificate2 Ca { get; }
    private readonly ECDsa _caKey;

    public TestPki(string name = "stockade-test-ca")
    {
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>
    /// A leaf signed by the CA; <paramref name="server"/> selects serverAuth (naming 127.0.0.1 and
    /// localhost, or only <paramref name="dnsNames"/> when given) or clientAuth.
    /// </summary>
    public (X509Certificate2 Certificate, string CertPem, string KeyPem) Issue(string cn, bool server = true, string[]? dnsNames = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            if (dnsNames == null) san.AddIpAddress(IPAddress.Loopback);
            foreach (var name in dnsNames ?? ["localhost"]) san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var cert = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);
        var withKey = cert.CopyWithPrivateKey(key);
        var exported = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (exported, cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>True when the server's certificate chains to this CA and names 127.0.0.1.</summary>
    public bool Validates(X509Certificate2? cert, System.Net.Security.SslPolicyErrors errors)
    {
        if (cert == null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(cert);
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }
}
