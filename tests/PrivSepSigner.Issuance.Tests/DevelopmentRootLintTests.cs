using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Issuance.Ceremony;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Keys;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;
using TestProfiles = PrivSepSigner.TestSupport.DefaultProfiles;

namespace PrivSepSigner.Issuance.Tests;

/// <summary>
/// Issue 22 item 9: what an operator copies gives no lint finding. The two roots `init`
/// makes (RSA-2048 and P-256, self-signed by the ceremony code with the development root
/// subject) issue every default profile for RSA and P-256 subject keys; the pre-sign lint
/// (the RFC 5280 and CA/B Forum rules of docs/issuance-lint.md) finds nothing in any of the
/// 32 certificates, and openssl verifies each one strictly.
/// </summary>
public sealed class DevelopmentRootLintTests : IClassFixture<DevelopmentRootLintTests.Roots>
{
    private readonly Roots roots;

    public DevelopmentRootLintTests(Roots roots) => this.roots = roots;

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var profile in ProductProfiles.All.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var root in new[] { "root-rsa", "root-ec" })
            {
                foreach (var key in new[] { "rsa:2048", "P-256" })
                {
                    data.Add(profile, root, key);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_matrix_is_every_default_profile_on_both_roots_with_both_key_types() =>
        Assert.Equal(ProductProfiles.All.Count * 2 * 2, Matrix().Count);

    [Fact]
    public void The_development_roots_name_country_and_organization()
    {
        Assert.Contains("C=XX", ProductProfiles.DevelopmentRootSubject("root-rsa"), StringComparison.Ordinal);
        Assert.Contains("O=PrivSepSigner Development", ProductProfiles.DevelopmentRootSubject("root-rsa"), StringComparison.Ordinal);
        Assert.All(ProductProfiles.All.Values, p => Assert.Equal([ProductProfiles.DevelopmentPolicyOid], p.Policies));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Every_default_profile_lints_clean(string profileName, string rootName, string subjectKey)
    {
        var expected = TestProfiles.Case(profileName);
        var profile = Profile.Create(profileName, ProductProfiles.All[profileName]);
        var csr = CsrInfo.Parse(Csrs.Make(subjectKey, TestProfiles.FullSubject(expected.CommonName), expected.SubjectAltName));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, csr));
        var root = roots.Get(rootName);
        using var issuer = root.NewIssuer();
        var issued = issuer.Issue(issuer.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), DateTimeOffset.UtcNow));

        Assert.Empty(issuer.Lint(profile, issued.Der));

        using var dir = new TempDir();
        File.WriteAllText(dir.File("root.pem"), root.CertificatePem);
        File.WriteAllText(dir.File("cert.pem"), PemEncoding.WriteString("CERTIFICATE", issued.Der) + "\n");
        foreach (var purpose in expected.Purposes.DefaultIfEmpty())
        {
            string[] args = purpose is null
                ? ["verify", "-x509_strict", "-policy_check", "-CAfile", dir.File("root.pem"), dir.File("cert.pem")]
                : ["verify", "-x509_strict", "-policy_check", "-CAfile", dir.File("root.pem"), "-purpose", purpose, dir.File("cert.pem")];
            Assert.Contains(": OK", OpenSsl.Ok(dir.Path, args), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_lint_reports_what_it_finds_in_a_certificate_it_did_not_make()
    {
        // The old development root (no countryName) and the old defaults (no
        // certificatePolicies) are what x509lint complained about; the lint refuses both.
        using var rsa = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        string pem;
        using (var ceremonyKey = new RsaSigningKey(RSA.Create(rsa.ExportParameters(true))))
        {
            pem = CaCertificates.SelfSigned(ceremonyKey, "CN=Old Development root, O=PrivSepSigner Development", now, now.AddDays(30));
        }

        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        using var old = new CaIssuer("old", cert.RawData, new RsaSigningKey(RSA.Create(rsa.ExportParameters(true))), Roots.RootConfig("old"));
        var profile = Profile.Create("server", ProductProfiles.All["server"] with { Policies = [] });
        var csr = CsrInfo.Parse(Csrs.Make("P-256", "/CN=www.example.org", "DNS:www.example.org"));
        var approved = Assert.IsType<PolicyResult.Approved>(ProfilePolicy.Evaluate(profile, csr));
        var e = Assert.Throws<IssuanceException>(() => old.Prepare(profile, csr, approved, SerialNumbers.NewSerial(), now));
        Assert.Contains("issuer has no countryName", e.Message, StringComparison.Ordinal);
        Assert.Contains("no certificatePolicies extension", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The two development roots, made once: keys in memory, certificates by the ceremony code.</summary>
    public sealed class Roots : IDisposable
    {
        private readonly Dictionary<string, DevelopmentRoot> roots = [];

        public Roots()
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (name, key) in new (string, AsymmetricAlgorithm)[] { ("root-rsa", RSA.Create(2048)), ("root-ec", ECDsa.Create(ECCurve.NamedCurves.nistP256)) })
            {
                var root = new DevelopmentRoot(name, key, string.Empty);
                using var signing = root.SigningKey();

                // RootKeyCeremony's default validity (3650 days) and init's subject.
                roots[name] = root with { CertificatePem = CaCertificates.SelfSigned(signing, ProductProfiles.DevelopmentRootSubject(name), now, now.AddDays(3650)) };
            }
        }

        /// <summary>What init writes for a root: crlUrl and caIssuersUrl.</summary>
        public static RootConfig RootConfig(string name) => new()
        {
            Name = name,
            KeyDirectory = "keys/" + name,
            Profiles = [.. ProductProfiles.All.Keys],
            CrlUrl = $"http://pki.example.test/{name}.crl",
            CaIssuersUrl = $"http://pki.example.test/{name}.crt",
        };

        public DevelopmentRoot Get(string name) => roots[name];

        public void Dispose()
        {
            foreach (var root in roots.Values)
            {
                root.Key.Dispose();
            }
        }
    }

    /// <summary>One development root; each issuer gets its own copy of the key.</summary>
    public sealed record DevelopmentRoot(string Name, AsymmetricAlgorithm Key, string CertificatePem)
    {
        public ISigningKey SigningKey() => Key switch
        {
            RSA rsa => new RsaSigningKey(RSA.Create(rsa.ExportParameters(true))),
            ECDsa ec => new EcdsaSigningKey(ECDsa.Create(ec.ExportParameters(true))),
            _ => throw new InvalidOperationException("unknown key type"),
        };

        /// <summary>As the signer builds it (RootRegistry): the delta CRL for the profiles init marks freshestCrl (server).</summary>
        public CaIssuer NewIssuer()
        {
            using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(CertificatePem);
            return new CaIssuer(Name, cert.RawData, SigningKey(), Roots.RootConfig(Name))
            {
                FreshestCrlUrl = $"http://pki.example.test/{Name}-delta.crl",
                FreshestCrlProfiles = new HashSet<string> { "server" },
            };
        }
    }
}
