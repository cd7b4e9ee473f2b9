using System;
using SymGrad.Generator.Diagnostics;

namespace SymGrad.Generator.Common;

/// <summary>
/// Runs a pipeline stage so that a bug in the generator becomes an SG0099 diagnostic on the model,
/// never an exception that would fail the whole generator (CS8785) and every other model with it.
/// </summary>
internal static class StageGuard
{
    public static T Run<T>(string model, SyntaxAnchor? span, Func<T> stage, Func<DiagnosticInfo, T> failed)
    {
        try
        {
            return stage();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return failed(DiagnosticInfo.Create(DiagnosticCatalogue.InternalError, span, model, e.GetType().Name + ": " + e.Message));
        }
    }
}
