using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SymGrad.Generator.Common;

/// <summary>
/// A place in the user's code as plain data that survives edits which do not change the code's structure.
/// A text span would not: one line added above a model moves every span in it, and the pipeline, which
/// compares its outputs to decide what to rerun, would rerun every stage of every model below the edit.
/// So an anchor counts tokens, not characters, from the marked member (or <see cref="Up"/> levels above it):
/// the node's first token and how many levels above that token the node is. Comments, blank lines and the
/// member's position do not change it. It becomes a real <see cref="Location"/> in the current tree only when
/// the diagnostic is reported (see <see cref="Discover.MarkedMembers"/>), so <c>#pragma warning</c> and
/// <c>.editorconfig</c> apply to it.
/// </summary>
/// <param name="Member">The key of the marked member the count starts from (<see cref="AnchorScope.KeyOf"/>).</param>
/// <param name="Up">How many levels above the member the count starts (its containing type is 1).</param>
/// <param name="Token">The index of the node's first token among the start's tokens.</param>
/// <param name="Height">How many parents above that token the node is (0 for the token itself).</param>
internal sealed record SyntaxAnchor(string Member, int Up, int Token, int Height)
{
    /// <summary>The anchored node or token in the member's current tree, or null when it no longer exists.</summary>
    public Location? Resolve(SyntaxNode member)
    {
        SyntaxNode? start = member;
        for (int k = 0; k < Up && start is not null; k++) start = start.Parent;
        if (start is null) return null;
        int index = 0;
        foreach (var token in start.DescendantTokens())
        {
            if (index++ < Token) continue;
            SyntaxNodeOrToken current = token;
            for (int k = 0; k < Height && current.Parent is { } parent; k++) current = parent;
            return current.GetLocation();
        }
        return null;
    }
}

/// <summary>Makes the anchors of one marked member's diagnostics and nodes.</summary>
/// <remarks>
/// Every anchor costs a binary search and a memoised depth, not a walk of the tree: a chain a + b + … of n terms is n
/// nested nodes, and a walk per node made it cost n² (seconds and hundreds of megabytes for 10,000 terms).
/// </remarks>
internal sealed class AnchorScope
{
    private readonly SyntaxNode _member;
    private readonly string _key;
    private readonly Dictionary<SyntaxNode, Start> _starts = new();

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
        int up = 0;
        SyntaxNode? node = _member;
        while (node is not null && !node.FullSpan.Contains(target.FullSpan)) (node, up) = (node.Parent, up + 1);
        if (node is null) return null;
        if (!_starts.TryGetValue(node, out var start)) _starts[node] = start = new Start(node);
        var (index, height) = start.Find(target);
        return index < 0 ? null : new SyntaxAnchor(_key, up, index, height);
    }

    /// <summary>A start node's tokens in order and the depths of the nodes below it.</summary>
    private sealed class Start
    {
        private readonly List<SyntaxToken> _tokens = new();
        private readonly Dictionary<SyntaxNodeOrToken, int> _depths = new();

        public Start(SyntaxNode root)
        {
            _depths[root] = 0;
            foreach (var token in root.DescendantTokens()) _tokens.Add(token);
        }

        /// <summary>
        /// The index of the target's first token and the target's height above it: a binary search by position, then
        /// a step over zero-width tokens at the same place to the first one below the target.
        /// </summary>
        public (int Index, int Height) Find(SyntaxNodeOrToken target)
        {
            int low = 0, high = _tokens.Count;
            while (low < high)
            {
                int middle = (low + high) / 2;
                if (_tokens[middle].SpanStart < target.SpanStart) low = middle + 1;
                else high = middle;
            }
            int targetDepth = Depth(target);
            for (int k = low; k < _tokens.Count && _tokens[k].SpanStart == target.SpanStart; k++)
            {
                int height = Depth(_tokens[k]) - targetDepth;
                SyntaxNodeOrToken step = _tokens[k];
                for (int up = 0; up < height; up++) step = step.Parent!;
                if (height >= 0 && step == target) return (k, height);
            }
            return (-1, 0);
        }

        /// <summary>Levels below the start, remembered for every node passed on the way up, so a chain's are found once.</summary>
        public int Depth(SyntaxNodeOrToken target)
        {
            var unknown = new List<SyntaxNodeOrToken>();
            int depth;
            for (var step = target; !_depths.TryGetValue(step, out depth); step = step.Parent!) unknown.Add(step);
            for (int k = unknown.Count - 1; k >= 0; k--) _depths[unknown[k]] = ++depth;
            return _depths[target];
        }
    }
}
