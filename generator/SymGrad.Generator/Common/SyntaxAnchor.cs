using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Common;

/// <summary>
/// A place in the user's code as plain data that survives edits which do not change the code's structure.
/// A text span would not: one line added above a model moves every span in it, and the pipeline, which
/// compares its outputs to decide what to rerun, would rerun every stage of every model below the edit.
/// So an anchor is the way down the syntax tree from the marked member (or <see cref="Up"/> levels above it)
/// to the node; comments, blank lines and the member's position do not change it. It becomes a real
/// <see cref="Location"/> in the current tree only when the diagnostic is reported (see
/// <see cref="Discover.MarkedMembers"/>), so <c>#pragma warning</c> and <c>.editorconfig</c> apply to it.
/// </summary>
/// <param name="Member">The key of the marked member the way starts from (<see cref="AnchorScope.KeyOf"/>).</param>
/// <param name="Up">How many levels above the member the way starts (its containing type is 1).</param>
/// <param name="Path">The index of each step among its parent's child nodes and tokens.</param>
internal sealed record SyntaxAnchor(string Member, int Up, EquatableArray<int> Path)
{
    /// <summary>The anchored node or token in the member's current tree, or null when the way no longer exists.</summary>
    public Location? Resolve(SyntaxNode member)
    {
        SyntaxNode? start = member;
        for (int k = 0; k < Up && start is not null; k++) start = start.Parent;
        if (start is null) return null;
        SyntaxNodeOrToken current = start;
        foreach (int index in Path)
        {
            if (current.AsNode() is not { } node) return null;
            var children = node.ChildNodesAndTokens();
            if (index >= children.Count) return null;
            current = children[index];
        }
        return current.GetLocation();
    }
}

/// <summary>Makes the anchors of one marked member's diagnostics and nodes.</summary>
internal sealed class AnchorScope
{
    private readonly SyntaxNode _member;
    private readonly string _key;

    public AnchorScope(SyntaxNode member, ISymbol symbol)
    {
        _member = member;
        _key = KeyOf(member, symbol);
    }

    /// <summary>
    /// What identifies a marked member without saying where it is: its file and its documentation id
    /// (name, containing types and parameter types), which moving it or editing its body does not change.
    /// </summary>
    public static string KeyOf(SyntaxNode member, ISymbol symbol) =>
        member.SyntaxTree.FilePath + "|" + (symbol.GetDocumentationCommentId() ?? symbol.ToDisplayString());

    /// <summary>The anchor of a node or token of the member's tree; null for one in another file.</summary>
    public SyntaxAnchor? At(SyntaxNodeOrToken target)
    {
        if (target.SyntaxTree != _member.SyntaxTree) return null;
        var chain = new List<SyntaxNodeOrToken>();
        for (var step = target; ; step = step.Parent!)
        {
            chain.Add(step);
            if (step.Parent is null) break;
        }
        int up = 0;
        for (SyntaxNode? start = _member; start is not null; start = start.Parent, up++)
        {
            int found = chain.IndexOf(start);
            if (found < 0) continue;
            var path = new int[found];
            for (int k = found - 1; k >= 0; k--) path[found - 1 - k] = IndexInParent(chain[k]);
            return new SyntaxAnchor(_key, up, path.ToEquatableArray());
        }
        return null;
    }

    private static int IndexInParent(SyntaxNodeOrToken child)
    {
        int index = 0;
        foreach (var sibling in child.Parent!.ChildNodesAndTokens())
        {
            if (sibling == child) return index;
            index++;
        }
        return -1;
    }
}
