namespace Stockade.Tests.PodSecurity.AdmissionPolicies;

/// <summary>
/// The field values the generated hardened policies are proved on, as JSON fragments: each field
/// the generated rules read set to each value that changes a verdict or a message, and unset.
/// </summary>
internal static class HardenedVariations
{
    /// <summary>Pod specs (without containers).</summary>
    public static IEnumerable<string> Pod =>
    [
        "{}",
        """{"hostNetwork": true}""", """{"hostNetwork": false}""", """{"hostPID": true}""", """{"hostPID": false}""",
        """{"hostIPC": true}""", """{"hostIPC": false}""",
        """{"os": {"name": "windows"}}""", """{"os": {"name": "linux"}}""",
        """{"securityContext": {}}""",
        """{"securityContext": {"runAsUser": 0}}""", """{"securityContext": {"runAsUser": 500}}""", """{"securityContext": {"runAsUser": 2000}}""",
        """{"securityContext": {"runAsNonRoot": true}}""", """{"securityContext": {"runAsNonRoot": false}}""",
        """{"securityContext": {"runAsNonRoot": true, "runAsUser": 0}}""",
        """{"securityContext": {"runAsGroup": 0}}""", """{"securityContext": {"runAsGroup": 100}}""", """{"securityContext": {"runAsGroup": 5000}}""",
        """{"securityContext": {"fsGroup": 0}}""", """{"securityContext": {"fsGroup": 3000}}""", """{"securityContext": {"fsGroup": 3001}}""",
        """{"securityContext": {"supplementalGroups": [0, 10, 4000]}}""", """{"securityContext": {"supplementalGroups": []}}""",
        """{"securityContext": {"windowsOptions": {"hostProcess": true}}}""", """{"securityContext": {"windowsOptions": {"hostProcess": false}}}""",
        """{"securityContext": {"sysctls": [{"name": "kernel.shm_rmid_forced", "value": "0"}, {"name": "net.ipv4.ip_local_port_range", "value": "1 2"}]}}""",
        """{"securityContext": {"sysctls": [{"name": "kernel/shm_rmid_forced", "value": "0"}, {"name": "vm.swappiness", "value": "1"}]}}""",
        """{"securityContext": {"sysctls": [{"name": "net/ipv4/conf/eno2.100/rp_filter", "value": "1"}, {"name": "net.ipv4.conf.eno2/100.rp_filter", "value": "1"}]}}""",
        """{"securityContext": {"sysctls": [{"name": "net/ipv4/tcp_syncookies", "value": "1"}, {"name": "kernel", "value": "1"}, {"name": "", "value": "1"}, {"value": "1"}]}}""",
        """{"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["a"]}]}""", """{"hostAliases": [{"ip": "10.0.0.1", "hostnames": ["a"]}, {"ip": "10.0.0.2", "hostnames": ["b"]}]}""",
        """{"hostAliases": []}""",
        """{"volumes": [{"name": "host", "hostPath": {"path": "/var/log"}}, {"name": "cfg", "configMap": {"name": "c"}}]}""",
        """{"volumes": [{"name": "host", "hostPath": {}}, {"hostPath": {"path": "/x"}}, {"name": "", "hostPath": {"path": "/y"}}]}""",
        """{"volumes": [{"name": "host", "emptyDir": {}}, {"name": "host", "hostPath": {"path": "/second"}}]}""",
        """{"hostNetwork": true, "securityContext": {"runAsNonRoot": true, "runAsUser": 4000, "runAsGroup": 4000}}""",
    ];

    /// <summary>Containers (name and image are added when absent).</summary>
    public static IEnumerable<string> Container =>
    [
        "{}",
        """{"securityContext": {}}""",
        """{"securityContext": {"privileged": true}}""", """{"securityContext": {"privileged": false}}""",
        """{"securityContext": {"allowPrivilegeEscalation": true}}""", """{"securityContext": {"allowPrivilegeEscalation": false}}""",
        """{"securityContext": {"allowPrivilegeEscalation": false, "privileged": true}}""",
        """{"securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"add": ["cap_sys_admin"]}}}""",
        """{"securityContext": {"capabilities": {"add": ["SYS_ADMIN", "NET_BIND_SERVICE", "CHOWN"]}}}""",
        """{"securityContext": {"capabilities": {"add": [" net_raw ", "CAP_SYS_PTRACE", "all"]}}}""",
        """{"securityContext": {"capabilities": {"add": ["\u017fys_admin", "sys_adm\u0131n", "NET_BIND_SERVICE"], "drop": ["ALL"]}}}""",
        """{"securityContext": {"capabilities": {"drop": ["ALL"]}}}""", """{"securityContext": {"capabilities": {"drop": ["all"]}}}""",
        """{"securityContext": {"capabilities": {"drop": ["NET_RAW", "CHOWN"]}}}""", """{"securityContext": {"capabilities": {"drop": ["cap_net_raw"]}}}""",
        """{"securityContext": {"capabilities": {"drop": [" ALL", "CAP_NET_RAW"]}}}""", """{"securityContext": {"capabilities": {"drop": ["CAP_ALL", "\u017fys_admin", "net_raw "]}}}""",
        """{"securityContext": {"capabilities": {"drop": []}}}""", """{"securityContext": {"capabilities": {}}}""",
        """{"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}}}""",
        """{"securityContext": {"capabilities": {"drop": ["NET_RAW"], "add": ["NET_RAW"]}}}""",
        """{"securityContext": {"procMount": "Default"}}""", """{"securityContext": {"procMount": "Unmasked"}}""", """{"securityContext": {"procMount": ""}}""",
        """{"securityContext": {"runAsUser": 0}}""", """{"securityContext": {"runAsUser": 1}}""", """{"securityContext": {"runAsUser": 1000}}""",
        """{"securityContext": {"runAsUser": 1001}}""",
        """{"securityContext": {"runAsNonRoot": true}}""", """{"securityContext": {"runAsNonRoot": false}}""",
        """{"securityContext": {"runAsNonRoot": false, "runAsUser": 20}}""",
        """{"securityContext": {"runAsGroup": 0}}""", """{"securityContext": {"runAsGroup": 10}}""", """{"securityContext": {"runAsGroup": 3000}}""",
        """{"securityContext": {"runAsGroup": 3001}}""",
        """{"securityContext": {"readOnlyRootFilesystem": true}}""", """{"securityContext": {"readOnlyRootFilesystem": false}}""",
        """{"securityContext": {"windowsOptions": {"hostProcess": true}}}""", """{"securityContext": {"windowsOptions": {"hostProcess": false}}}""",
        """{"securityContext": {"privileged": false, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true, "runAsUser": 10001, "runAsGroup": 10001, "capabilities": {"drop": ["ALL"]}}}""",
        """{"ports": [{"containerPort": 8080}]}""", """{"ports": [{"containerPort": 8080, "hostPort": 80}, {"containerPort": 0}]}""",
        """{"ports": [{"containerPort": 53, "hostPort": 0}, {"hostPort": 9000}]}""",
        """{"volumeMounts": [{"name": "host", "mountPath": "/h"}]}""", """{"volumeMounts": [{"name": "host", "mountPath": "/h", "readOnly": true}]}""",
        """{"volumeMounts": [{"name": "host", "mountPath": "/h", "readOnly": false}, {"name": "cfg", "mountPath": "/c"}, {"mountPath": "/n"}]}""",
        """{"volumeMounts": [{"name": "", "mountPath": "/e"}]}""",
        """{"image": "nginx"}""", """{"image": "nginx:latest"}""", """{"image": "nginx:1.25"}""", """{"image": "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}""",
        """{"image": "localhost:5000/nginx"}""", """{"image": "localhost:5000/nginx:latest"}""", """{"image": "registry:5000/team/app:latest@sha256:abc"}""",
        """{"image": ""}""", """{"image": "a/b:c/d"}""",
    ];
}
