namespace Stockade.Node;

/// <summary>
/// The node's user and group names, from its own <c>/etc/passwd</c> and <c>/etc/group</c> (not the
/// scanner's, which in a pod are the container image's): CIS asks for names, the disk stores numbers.
/// </summary>
internal sealed class NodeAccounts
{
    private readonly Dictionary<string, int> _users;
    private readonly Dictionary<string, int> _groups;

    private NodeAccounts(Dictionary<string, int> users, Dictionary<string, int> groups)
    {
        _users = users;
        _groups = groups;
    }

    public static NodeAccounts Read(INodeFileSystem fs) => new(Parse(fs.ReadText("/etc/passwd")), Parse(fs.ReadText("/etc/group")));

    // name:password:id:… — both files keep the number in the third field.
    private static Dictionary<string, int> Parse(string? text)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in (text ?? "").Split('\n'))
        {
            var parts = line.Split(':');
            if (parts.Length < 3 || parts[0].Length == 0 || parts[0].StartsWith('#')) continue;
            if (int.TryParse(parts[2], out var id)) ids.TryAdd(parts[0], id);
        }
        return ids;
    }

    /// <summary>The user's number: <c>root</c> is 0 when the file does not name it (the kernel's superuser).</summary>
    public int? UserId(string name) => _users.TryGetValue(name, out var id) ? id : name == "root" ? 0 : null;

    public int? GroupId(string name) => _groups.TryGetValue(name, out var id) ? id : name == "root" ? 0 : null;

    public string UserName(int uid) => _users.FirstOrDefault(u => u.Value == uid).Key ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string GroupName(int gid) => _groups.FirstOrDefault(g => g.Value == gid).Key ?? gid.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
