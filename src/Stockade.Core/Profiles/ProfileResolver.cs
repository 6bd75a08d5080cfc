using Stockade.Engine;

namespace Stockade.Profiles;

/// <summary>
/// One family of profile names: the names it answers to, as error messages list them, and how it
/// resolves a name (null when the name is not its own).
/// </summary>
/// <exception cref="UnknownProfileException">From <see cref="Resolve"/>: a name of the family that is malformed.</exception>
internal sealed record ProfileResolver(IReadOnlyList<string> Names, Func<string, Profile?> Resolve);
