using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace SymGrad;

/// <summary>The results of <see cref="HyperparameterSearch"/>, one row per point in the order searched.</summary>
public sealed class SearchTable : ReadOnlyCollection<SearchResult>
{
    internal SearchTable(IList<SearchResult> rows) : base(rows)
    {
        int best = -1;
        for (int i = 0; i < rows.Count; i++)
            if (!rows[i].Score.Diverged && (best < 0 || rows[i].Score.IsBetterThan(rows[best].Score))) best = i;
        BestIndex = best;
    }

    /// <summary>The index of the best row (as <see cref="RandomRestarts"/> ranks), or −1 if every point diverged.</summary>
    public int BestIndex { get; }

    /// <summary>The best row.</summary>
    /// <exception cref="InvalidOperationException">Every point diverged.</exception>
    public SearchResult Best => BestIndex >= 0 ? this[BestIndex] : throw new InvalidOperationException("Every point of the search diverged.");

    /// <summary>The table as aligned text, one line per row, the best marked with <c>*</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"  {"lr",6} {"H",4} {"init",5} {"L2",6} {"epochs",7}  {"train acc",9}  {"valid acc",9}  {"valid loss",10}");
        for (int i = 0; i < Count; i++)
        {
            var (p, s) = (this[i].Hyperparameters, this[i].Score);
            text.Append(CultureInfo.InvariantCulture,
                $"{(i == BestIndex ? '*' : ' ')} {p.LearningRate,6:G3} {p.Hidden,4} {p.InitScale,5:G3} {p.L2,6:G3} {p.Epochs,7}");
            text.AppendLine(s.Diverged ? "   diverged" : string.Create(CultureInfo.InvariantCulture,
                $"  {s.TrainAccuracy,9:P1}  {s.ValidationAccuracy,9:P1}  {s.ValidationLoss,10:G4}"));
        }
        return text.ToString();
    }
}
