using System.Reflection;

namespace Stockade.Cli.Generate;

internal sealed record WebhookManifestSettings
{
    /// <summary>
    /// The image build/image.sh produces for this build: StockadeImageRepository:Version of
    /// Directory.Build.props, compiled in so a release built with -p:Version=V names image V.
    /// </summary>
    public static readonly string DefaultImage = typeof(WebhookManifestSettings).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(m => m.Key == "StockadeImage").Value!;

    public string Namespace { get; init; } = "stockade-system";
    public string Name { get; init; } = "stockade-webhook";
    public string Image { get; init; } = DefaultImage;
    public int Replicas { get; init; } = 2;
    public string FailurePolicy { get; init; } = "Fail";
    public int TimeoutSeconds { get; init; } = 5;
    public bool CertManager { get; init; }
    public int ValidityDays { get; init; } = 365;
}
