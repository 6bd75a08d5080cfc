namespace Stockade.Cli.Generate;

public sealed record WebhookManifestSettings
{
    public const string DefaultImage = "ghcr.io/stockade-dev/stockade:0.1.0";

    public string Namespace { get; init; } = "stockade-system";
    public string Name { get; init; } = "stockade-webhook";
    public string Image { get; init; } = DefaultImage;
    public int Replicas { get; init; } = 2;
    public string FailurePolicy { get; init; } = "Fail";
    public int TimeoutSeconds { get; init; } = 5;
    public bool CertManager { get; init; }
    public int ValidityDays { get; init; } = 365;
}
