using Stockade.Rules.Workload;

namespace Stockade.Tests.Rules;

public class CredentialsTests
{
    [Theory]
    [InlineData("DB_PASSWORD")]
    [InlineData("MYSQL_ROOT_PASS")]
    [InlineData("apiKey")]
    [InlineData("API_KEY")]
    [InlineData("client_secret")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    public void Names_that_hold_a_secret_are_sensitive(string name) => Assert.True(Credentials.IsSensitiveName(name));

    [Theory]
    [InlineData("DB_PASSWORD_FILE")]
    [InlineData("TOKEN_URL")]
    [InlineData("SECRET_NAME")]
    [InlineData("AWS_ACCESS_KEY_ID")]
    [InlineData("PASSWORD_MIN_LENGTH")]
    [InlineData("DB_HOST")]
    [InlineData("BYPASS_CACHE")]
    public void Names_about_a_secret_or_unrelated_are_not(string name) => Assert.False(Credentials.IsSensitiveName(name));

    [Theory]
    [InlineData("$(DB_PASSWORD)")]
    [InlineData("${DB_PASSWORD}")]
    [InlineData("/etc/secrets/db")]
    [InlineData("true")]
    [InlineData("30")]
    [InlineData("")]
    public void References_paths_flags_and_numbers_are_not_literal_secrets(string value) => Assert.False(Credentials.IsLiteralSecret(value));

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "an AWS access key id")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "a private key")]
    [InlineData("postgres://shop:hunter22@db:5432/shop", "a URL with a password")]
    public void Credential_formats_are_recognised_whatever_the_key(string value, string what) => Assert.Equal(what, Credentials.KnownFormat(value));

    [Fact]
    public void A_url_without_a_password_is_not_a_credential() => Assert.Null(Credentials.KnownFormat("https://db.shop.svc:5432/shop"));

    [Fact]
    public void A_configuration_file_line_assigning_a_literal_password_is_found_and_a_reference_is_not()
    {
        var hits = Credentials.SensitiveAssignments("host = db\npassword = hunter22\ntoken: ${TOKEN}\n").ToList();
        Assert.Equal(("password", 1), Assert.Single(hits));
    }
}
