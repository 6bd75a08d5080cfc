namespace Stockade.Tests.Input;

/// <summary>Lists inside Lists are flattened, as kubectl's resource builder does.</summary>
public class NestedListTests
{
    private const string PrivilegedPodItem = """
          - apiVersion: v1
            kind: Pod
            metadata: {name: inner}
            spec:
              containers:
              - name: app
                image: nginx
                securityContext: {privileged: true}
        """;

    [Fact]
    public void A_list_inside_a_list_is_unpacked_with_its_path()
    {
        var result = TestScan.Yaml("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n" + PrivilegedPodItem);
        var f = Assert.Single(result.Findings("privileged-container"));
        Assert.Equal("items[0].items[0].spec.containers[0].securityContext.privileged", f.Path);
        Assert.Equal("inner", f.Object.Name);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_List_whose_items_are_not_a_list_is_an_error()
    {
        var result = TestScan.Yaml("apiVersion: v1\nkind: List\nitems:\n  a: b\n");
        var e = Assert.Single(result.Errors);
        Assert.Contains("items: expected a list", e.Message);
        Assert.Equal((4, 3), (e.Line, e.Column));
    }

    [Fact]
    public void A_custom_kind_ending_in_List_with_mapping_items_is_an_ordinary_object()
    {
        var result = TestScan.Yaml("apiVersion: example.com/v1\nkind: ShoppingList\nmetadata: {name: groceries}\nitems:\n  milk: 2\n");
        Assert.Empty(result.Errors);
        Assert.Equal("ShoppingList", Assert.Single(result.Objects).Object.Kind);
    }
}
