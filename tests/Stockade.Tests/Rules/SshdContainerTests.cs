using Stockade.Rules.Workload;

namespace Stockade.Tests.Rules;

public class SshdContainerTests
{
    private const string Rule = "sshd-container";

    [Theory]
    [InlineData("sshd", true)]
    [InlineData("linuxserver/openssh-server:latest", true)]
    [InlineData("rastasheep/ubuntu-sshd:18.04", true)]
    [InlineData("registry.example.com/team/sshd@sha256:0123456789abcdef", true)]
    [InlineData("localhost:5000/sshd:1", true)]
    [InlineData("nginx:1.27", false)]
    // The registry host and the tag are not the repository.
    [InlineData("sshd.example.com/app:1", false)]
    [InlineData("example/app:sshd", false)]
    [InlineData("localhost/app:openssh-server", false)]
    public void Reads_the_repository_part_of_an_image(string image, bool isSshd)
    {
        Assert.Equal(isSshd, SshdContainer.IsSshdImage(image));
    }

    [Theory]
    [InlineData("sshd", true)]
    [InlineData("/usr/sbin/sshd", true)]
    [InlineData("exec /usr/sbin/sshd -D -e", true)]
    [InlineData("ssh-keygen -A && sshd -D", true)]
    [InlineData("cat /etc/ssh/sshd_config", false)]
    [InlineData("/etc/sshd/keys", false)]
    [InlineData("ssh", false)]
    public void Recognises_commands_that_start_sshd(string word, bool startsSshd)
    {
        Assert.Equal(startsSshd, SshdContainer.StartsSshd(word));
    }

    [Theory]
    [InlineData("containers:\n- name: app\n  image: linuxserver/openssh-server # <-", "spec.containers[0].image")]
    [InlineData("containers:\n- name: app\n  image: alpine\n  command: [\"/usr/sbin/sshd\", \"-D\"] # <-", "spec.containers[0].command[0]")]
    [InlineData("containers:\n- name: app\n  image: alpine\n  command: [sh, -c]\n  args:\n  - exec /usr/sbin/sshd -D # <-", "spec.containers[0].args[0]")]
    [InlineData("containers:\n- name: app\n  image: alpine\n  ports:\n  - containerPort: 22 # <-", "spec.containers[0].ports[0].containerPort")]
    public void Reports_an_ssh_server(string body, string path)
    {
        var yaml = TestScan.Pod(body);
        var f = Assert.Single(IdentityRuleManifests.Scan(yaml).Findings(Rule));
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal(path, f.Path);
        Assert.Equal("app", f.Container);
    }

    [Fact]
    public void Reports_once_per_container_with_every_piece_of_evidence()
    {
        var yaml = IdentityRuleManifests.Deployment("""
            initContainers:
            - name: keys
              image: alpine
              command: [ssh-keygen, -A]
            containers:
            - name: ssh
              image: example/sshd:9 # <-
              ports:
              - containerPort: 22
            """);
        var result = IdentityRuleManifests.Scan(yaml);
        var f = Assert.Single(result.Findings(Rule));
        Assert.Equal("ssh", f.Container);
        Assert.Equal(TestScan.MarkedLine(yaml), f.Line);
        Assert.Equal("spec.template.spec.containers[0].image", f.Path);
        Assert.Contains("image example/sshd:9", f.Message);
        Assert.Contains("containerPort 22", f.Message);
    }

    [Fact]
    public void Passes_an_ordinary_container()
    {
        var result = IdentityRuleManifests.Scan(TestScan.Pod("containers:\n- name: app\n  image: nginx\n  command: [nginx, -g, daemon off;]\n  ports:\n  - containerPort: 2222"));
        Assert.Empty(result.Findings(Rule));
    }
}
