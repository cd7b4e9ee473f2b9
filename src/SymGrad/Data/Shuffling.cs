namespace SymGrad;

/// <summary>The one Fisher–Yates shuffle the runtime uses, so a seed means the same order everywhere.</summary>
internal static class Shuffling
{
    /// <summary>Puts <paramref name="order"/> into a uniformly random order drawn from <paramref name="random"/>. Allocates nothing.</summary>
    public static void Shuffle(Span<int> order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>A random permutation of 0…<paramref name="count"/>−1.</summary>
    public static int[] Permutation(int count, Random random)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Shuffle(order, random);
        return order;
    }
}
