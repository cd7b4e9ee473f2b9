using SymGrad.Generator.Model;

namespace SymGrad.Generator.Operations;

/// <summary>The shape rules the table of operations shares.</summary>
internal static class ShapeRules
{
    /// <summary>Scalars broadcast; two vectors must have the same length.</summary>
    public static Shape? Broadcast(ShapeContext c)
    {
        for (int k = 0; k < c.Args.Length; k++)
            if (c.Args[k].IsMatrix) return c.Wrong(k, "a scalar or a vector");
        Shape result = Shape.Scalar;
        int from = -1;
        for (int k = 0; k < c.Args.Length; k++)
        {
            if (!c.Args[k].IsVector) continue;
            if (from < 0) { result = c.Args[k]; from = k; }
            else if (!c.Unify(result.Rows, c.Args[k].Rows)) return c.Mismatch(from, k);
        }
        return result;
    }

    /// <summary>Two vectors of one length give a scalar (dot product, squared distance).</summary>
    public static Shape? PairToScalar(ShapeContext c)
    {
        if (!c.Args[0].IsVector) return c.Wrong(0, "a vector");
        if (!c.Args[1].IsVector) return c.Wrong(1, "a vector");
        return c.Unify(c.Args[0].Rows, c.Args[1].Rows) ? Shape.Scalar : c.Mismatch(0, 1);
    }

    /// <summary>A vector gives a scalar (sum).</summary>
    public static Shape? VectorToScalar(ShapeContext c) =>
        c.Args[0].IsVector ? Shape.Scalar : c.Wrong(0, "a vector");

    /// <summary>An R×C matrix and a vector of length C give a vector of length R (W·x, row-wise distances).</summary>
    public static Shape? MatrixByVector(ShapeContext c)
    {
        if (!c.Args[0].IsMatrix) return c.Wrong(0, "a matrix");
        if (!c.Args[1].IsVector) return c.Wrong(1, "a vector");
        return c.Unify(c.Args[0].Columns, c.Args[1].Rows) ? Shape.Vector(c.Args[0].Rows) : c.Mismatch(0, 1);
    }

    /// <summary>Wᵀy: an R×C matrix and a vector of length R give a vector of length C.</summary>
    public static Shape? TransposedMatrixByVector(ShapeContext c) =>
        c.Unify(c.Args[0].Rows, c.Args[1].Rows) ? Shape.Vector(c.Args[0].Columns) : c.Mismatch(0, 1);

    /// <summary>a bᵀ: vectors of lengths R and C give an R×C matrix term.</summary>
    public static Shape? Outer(ShapeContext c) => Shape.Matrix(c.Args[0].Rows, c.Args[1].Rows);

    /// <summary>A row-wise matrix term: a vector s of length R and an R×C matrix M give an R×C term (row h built from s[h] and M[h]).</summary>
    public static Shape? RowScale(ShapeContext c) =>
        c.Unify(c.Args[0].Rows, c.Args[1].Rows) ? c.Args[1] : c.Mismatch(0, 1);

    /// <summary>Entry h of a vector, where h runs over the length (or rows) of the second argument.</summary>
    public static Shape? IndexedBy(ShapeContext c)
    {
        if (!c.Args[0].IsVector) return c.Wrong(0, "a vector");
        return c.Unify(c.Args[0].Rows, c.Args[1].Rows) ? c.Args[0] : c.Mismatch(0, 1, "the index runs over the second");
    }

    /// <summary>A scalar spread over the shape of the second argument.</summary>
    public static Shape? BroadcastLike(ShapeContext c) => c.Args[1];

    /// <summary>The shape of the first argument (a gradient sink has its parameter's shape).</summary>
    public static Shape? First(ShapeContext c) => c.Args[0];

    public static Shape? Scalar(ShapeContext c) => Shape.Scalar;

    /// <summary>A vector gives a vector of the same length (softmax).</summary>
    public static Shape? SameVector(ShapeContext c) => c.Args[0].IsVector ? c.Args[0] : c.Wrong(0, "a vector");

    /// <summary>x[k], k the node's constant attribute: a scalar, if x is a vector long enough (when its length is a constant).</summary>
    public static Shape? Entry(ShapeContext c)
    {
        if (!c.Args[0].IsVector) return c.Wrong(0, "a vector");
        var length = c.Resolve(c.Args[0].Rows);
        return length.Kind == DimKind.Constant && c.Value >= length.Value ? c.Wrong(0, $"a vector longer than {c.Value}") : Shape.Scalar;
    }

    /// <summary>s[y], y a class label: a scalar from a vector.</summary>
    public static Shape? EntryAt(ShapeContext c) =>
        !c.Args[0].IsVector ? c.Wrong(0, "a vector") : !c.Args[1].IsScalar ? c.Wrong(1, "a class label") : Shape.Scalar;
}
