// The lecture tour: the two-layer tanh net and the RBF net on two moons and on circles, each trained with random
// restarts (best on validation), scored on a held-out test split, and drawn as a decision-boundary PNG and a PNG of its
// loss and accuracy per epoch; then a small hyperparameter search for the tanh net on two moons. On a terminal it shows
// progress bars; piped (`| cat`, a log) it prints one plain line per stage, the same on every run.
// Usage: dotnet run --project samples/LectureTour [output-folder]; the pictures go to samples/LectureTour/out by default.
using LectureTour;
using SymGrad;

string output = Path.GetFullPath(args.Length > 0 ? args[0] : DefaultOutput());
Directory.CreateDirectory(output);

var problems = new (string Name, string File, Dataset Data)[]
{
    ("two moons", "moons", ToyDatasets.TwoMoons(count: 600, noise: 0.15, seed: 7)),
    ("circles", "circles", ToyDatasets.Circles(count: 600, noise: 0.08, seed: 7)),
};

foreach (var (name, file, data) in problems)
{
    // Train picks the weights, validation picks the restart, test is touched once at the end.
    var (rest, test) = data.Split(validationFraction: 0.2, seed: 11);
    var (train, validation) = rest.Split(validationFraction: 0.25, seed: 12);
    Output.Line($"[bold]{name}[/]: {train.Count} training, {validation.Count} validation, {test.Count} test examples");

    var tanh = Tour.Run($"{name}, tanh net", seed => Recipes.TwoLayer(seed), train, validation);
    var rbf = Tour.Run($"{name}, RBF net", seed => Recipes.Rbf(seed), train, validation);
    Tour.Report("tanh net", tanh, test, Path.Combine(output, $"{file}-tanh.png"), $"{name}, tanh net");
    Tour.Report("RBF net", rbf, test, Path.Combine(output, $"{file}-rbf.png"), $"{name}, RBF net");
    if (file == "moons") Tour.Search(train, validation);
}
Output.Line($"Pictures are in [link]{Spectre.Console.Markup.Escape(output)}[/].");

// samples/LectureTour/out (git-ignored), found by walking up from the build output to the project file;
// the current folder's lecture-tour-output if the sample runs outside its source tree.
static string DefaultOutput()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "LectureTour.csproj"))) return Path.Combine(folder.FullName, "out");
    return "lecture-tour-output";
}
