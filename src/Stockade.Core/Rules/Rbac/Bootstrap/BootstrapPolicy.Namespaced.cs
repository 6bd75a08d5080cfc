namespace Stockade.Rules.Rbac;

// Transcribed from kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/
// namespace-roles.yaml and namespace-role-bindings.yaml at commit
// 008b3652959ca58af8be3fb5b6ecfe9ae7638282 (namespace_policy.go: the Roles and RoleBindings the
// API server keeps in kube-system and kube-public).
internal static partial class BootstrapPolicy
{
    private static IEnumerable<BootstrapRole> NamespacedRoles() =>
    [
        Role("kube-public", "system:controller:bootstrap-signer",
            R(Read, "", "configmaps"),
            R("update", "", "configmaps", "cluster-info"),
            Events),
        Role("kube-system", "extension-apiserver-authentication-reader",
            R(Read, "", "configmaps", "extension-apiserver-authentication")),
        Role("kube-system", "system::leader-locking-kube-controller-manager",
            R("create,get,list,update,watch", "coordination.k8s.io", "leases"),
            R("create,get,list,update,watch", "coordination.k8s.io", "leasecandidates")),
        Role("kube-system", "system::leader-locking-kube-scheduler",
            R("create,get,list,update,watch", "coordination.k8s.io", "leases"),
            R("create,get,list,update,watch", "coordination.k8s.io", "leasecandidates")),
        Role("kube-system", "system:controller:bootstrap-signer",
            R(Read, "", "secrets")),
        Role("kube-system", "system:controller:cloud-provider",
            R("create,get,list,watch", "", "configmaps")),
        Role("kube-system", "system:controller:token-cleaner",
            R("delete,get,list,watch", "", "secrets"),
            Events),
    ];

    private static IEnumerable<BootstrapBinding> NamespacedBindings() =>
    [
        RB("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", SA("kube-system", "bootstrap-signer")),
        RB("kube-system", "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader",
            User("system:kube-controller-manager"), User("system:kube-scheduler")),
        RB("kube-system", "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager",
            User("system:kube-controller-manager"), SA("kube-system", "kube-controller-manager"), SA("kube-system", "leader-election-controller")),
        RB("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler",
            User("system:kube-scheduler"), SA("kube-system", "kube-scheduler")),
        RB("kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", SA("kube-system", "bootstrap-signer")),
        RB("kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider", SA("kube-system", "cloud-provider")),
        RB("kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner", SA("kube-system", "token-cleaner")),
    ];
}
