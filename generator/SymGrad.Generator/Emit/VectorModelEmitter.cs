using System;
using SymGrad.Generator.Model;
using static SymGrad.Generator.Common.Namespaces;

namespace SymGrad.Generator.Emit;

/// <summary>
/// The public methods of a vector model (one whose method returns K scores): Forward into a caller's span, Predict as
/// the argmax, and Gradient against a class label or a target vector. Their bodies are the same schedules a scalar
/// model's are; only the signatures, the argument checks and where the scores go differ.
/// </summary>
internal static class VectorModelEmitter
{

    /// <param name="w">The class being written.</param>
    /// <param name="input">The input node.</param>
    /// <param name="output">The scores node.</param>
    /// <param name="body">Forward's emitter, which has written <paramref name="text"/>.</param>
    /// <param name="text">Forward's body.</param>
    /// <param name="result">The scores' own name, when the model returns a parameter or its input unchanged.</param>
    /// <param name="preamble">Writes the argument checks, dimension locals, parameter views and workspace of a method.</param>
    /// <param name="element">The class's element type.</param>
    public static void WriteForward(SourceWriter w, ElementType element, Node input, Node output, MethodEmitter body, SourceWriter text, string result, Action<MethodEmitter, bool> preamble)
    {
        string x = input.Name, scores = ModelEmitter.ScoresArgument;
        var t = element;
        w.Line($"/// <summary>Writes the {output.Shape.Rows} scores f({x}) into <paramref name=\"{scores}\"/>. Allocates nothing.</summary>");
        w.Line($"/// <exception cref=\"{Sys}.ArgumentException\"><paramref name=\"{x}\"/> does not have length <see cref=\"InputLength\"/>, or <paramref name=\"{scores}\"/> length <see cref=\"OutputLength\"/>.</exception>");
        using (w.Block($"public void Forward({t.ReadOnlySpan} {x}, {t.Span} {scores})"))
        {
            w.Line($"{Runtime}.Kernels.CheckLength({scores}.Length, OutputLength, \"{scores}\", \"The scores\");");
            preamble(body, false);
            w.Append(text);
            if (Operations.OperationTable.Get(output.Op).Kind == Operations.EmitKind.Source) w.Line($"{result}.CopyTo({scores});");
        }
        w.Line();
        w.Line($"/// <summary>");
        w.Line($"/// The class of <paramref name=\"{x}\"/>: the index of its highest score (argmax), the lowest index on a tie.");
        w.Line($"/// Allocates nothing up to <see cref=\"{Runtime}.Workspace.StackLimit\"/> scores (they live on the stack).");
        w.Line($"/// </summary>");
        w.Line($"/// <exception cref=\"{Sys}.ArgumentException\"><paramref name=\"{x}\"/> holds NaN or infinity and a score is NaN: there is no class.</exception>");
        w.Line($"/// <exception cref=\"{Sys}.InvalidOperationException\">A score is NaN for a finite input (θ is not finite).</exception>");
        using (w.Block($"public int Predict({t.ReadOnlySpan} {x})"))
        {
            w.Line($"{t.Span} {scores} = OutputLength <= {Runtime}.Workspace.StackLimit ? stackalloc {t.Keyword}[OutputLength] : new {t.Keyword}[OutputLength];");
            w.Line($"Forward({x}, {scores});");
            w.Line($"return {Runtime}.Kernels.ArgMax({scores}, {x}, \"{x}\");");
        }
        w.Line();
    }

    /// <summary>
    /// Gradient against a class label (an IClassLoss) and against a target vector (an IVectorLoss): each checks its target
    /// and calls one private Gradient over an <c>IScoreLoss</c> adapter, whose body is the model's reverse sweep. The body
    /// reads the target only through <c>TLoss.Value(s, y)</c> and <c>TLoss.Derivative(s, y, s̄)</c>, so it is written
    /// once; the JIT still compiles it per loss (the adapters are structs), as it did the two copies.
    /// </summary>
    public static void WriteGradients(SourceWriter w, ElementType element, Node input, SourceWriter body, Action preamble)
    {
        string x = input.Name;
        var e = element;
        var targets = new[]
        {
            (Type: "int", Loss: "IClassLoss", Check: $"{Runtime}.Kernels.CheckLabel(y, OutputLength, \"y\");", Adapter: "ClassScoreLoss", Target: "y, default",
                What: "the class <paramref name=\"y\"/> (0 ≤ y &lt; OutputLength)", Wrong: "<paramref name=\"y\"/> is not a class"),
            (Type: e.ReadOnlySpan, Loss: "IVectorLoss", Check: $"{Runtime}.Kernels.CheckLength(y.Length, OutputLength, \"y\", \"The target\");",
                Adapter: "VectorScoreLoss", Target: "0, y",
                What: "the target vector <paramref name=\"y\"/> (length OutputLength)", Wrong: "<paramref name=\"y\"/> does not have length OutputLength"),
        };
        foreach (var t in targets)
        {
            w.Line("/// <summary>");
            w.Line($"/// Computes the loss L(f({x}), y) of the scores against {t.What}, adds ∂L/∂θ into");
            w.Line("/// <paramref name=\"gradient\"/> and returns the loss. Allocates nothing.");
            w.Line("/// </summary>");
            w.Line($"/// <exception cref=\"{Sys}.ArgumentException\">An argument has the wrong length, or {t.Wrong}; nothing has been written.</exception>");
            using (w.Block($"public double Gradient<TLoss>({e.ReadOnlySpan} {x}, {t.Type} y, {e.Span} gradient) where TLoss : {Runtime}.{t.Loss}"))
            {
                w.Line(t.Check);
                w.Line($"return Gradient<{Runtime}.{t.Adapter}<TLoss>>({x}, new {e.ScoreTarget}({t.Target}), gradient);");
            }
            w.Line();
        }

        w.Line("// The reverse sweep of both Gradient overloads: the loss reads the target y, a class label or a target vector.");
        using (w.Block($"private double Gradient<TLoss>({e.ReadOnlySpan} {x}, {e.ScoreTarget} y, {e.Span} gradient) where TLoss : {Runtime}.IScoreLoss"))
        {
            w.Line($"{Runtime}.Kernels.CheckLength(gradient.Length, _parameterCount, \"gradient\", \"The gradient\");");
            preamble();
            w.Append(body);
            w.Line("return loss;");
        }
    }
}
