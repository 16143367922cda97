import Analysis
import Testing

/// Datelines, credit lines and picture credits name the cities, and nothing else (trial5 findings 28, 46).
@Suite struct WireBoilerplateTests {
    @Test(arguments: [
        ("BEIJING/WASHINGTON (Reuters) - Japan's Toyota said on Monday it would build a new plant in Kentucky.",
         ["Beijing/LOC", "Washington, D.C./LOC", "Japan/LOC", "Toyota/ORG"], ["China/LOC", "United States/LOC"]),
        ("SEOUL (Reuters) - Samsung Electronics said on Tuesday profit rose.\n\nReporting by Heekyong Yang in Seoul; additional reporting by David Shepardson in Washington and Josh Ye in Beijing; Editing by Sonali Paul",
         ["Samsung/ORG"], ["China/LOC", "United States/LOC", "Heekyong Yang/PERSON", "Sonali Paul/PERSON", "David Shepardson/PERSON"]),
        ("Shares in Tokyo fell on Monday. Reporting by Joe Cash in Beijing and Kantaro Komiya in Tokyo; Editing by Tom Hogue",
         ["Tokyo/LOC"], ["China/LOC", "Joe Cash/PERSON", "Tom Hogue/PERSON"]),
        ("The library in Leeds reopened on Monday.\n\nPhoto: Mark Schiefelbein/AP. Image: AFP via Getty Images. Picture: EPA-EFE/Shutterstock. Bloomberg via Getty Images.",
         ["Leeds/LOC"], ["Environmental Protection Agency/ORG", "Mark Schiefelbein/PERSON", "Associated Press/ORG", "EFE/ORG", "Bloomberg/ORG"]),
        // A paragraph that starts with a credit and goes on with the story keeps the story's names (trial6 finding 3).
        ("The library opened.\n\nPhoto: Reuters. DeepSeek and Huawei were named in the report, which Nvidia disputed on Monday in a statement.",
         ["DeepSeek/ORG", "Huawei/ORG", "Nvidia/ORG"], []),
    ] as [(String, [String], [String])])
    func boilerplateNamesNothing(_ text: String, _ present: [String], _ absent: [String]) {
        EntityPrecisionTests.expect(EntityPrecisionTests.found(text), present, absent)
    }
}
