/// Frequent words of English, French, German, Spanish, Italian, Portuguese and
/// Dutch that start sentences and headings capitalised but name nothing
/// ("However", "Speaking", "Share"). A capitalised span loses them at its
/// edges. Folded.
enum CommonWords {
    static func contains(_ folded: String) -> Bool { words.contains(folded) }

    private static let words: Set<String> = Set("""
    a about above according across additional after afterwards again against ahead all almost also although always
    amid among an analysis and another any anyone anything are around as at back based be because been before being
    below between beyond both breaking but by can could current daily data despite did do does doing down during
    each earlier early either else elsewhere even ever every everyone everything except experts exclusive far few
    final first five following for four free from full further get given go good great had has have having he
    her here hers herself him himself his how however i if images in including inside instead into is it its itself
    just last late later latest least less let like live many may maybe me meanwhile might more moreover most much
    must my new news next nine no none nor not nothing now of off often on once one only onto opinion or other others
    our ours out outside over own per perhaps please plus prior rather read really related report reports said same
    save says second see seven several shall share she should since six so some someone something sometimes soon
    still such ten than that the their theirs them then there these they third this those though three through thus
    to today together tomorrow too toward towards two under unlike until up update updated upon us use used very
    via video view was watch we well were what whatever when where whether which while who whom whose why will with
    within without would yes yesterday yet you your yours analysis comment editorial feature explainer interview
    review watch listen photo photos picture pictures gallery live advertisement sponsored subscribe sign log
    security ethics business technology politics world science health sport sports entertainment markets economy
    culture travel style climate environment opinion weather lifestyle money tech home top story stories speaking
    asked asking looking talking writing having making taking meanwhile nonetheless nevertheless overall instead
    indeed still earlier later recently currently previously initially ultimately eventually finally separately
    similarly likewise otherwise therefore hence accordingly consequently additionally furthermore besides
    officials experts analysts critics sources investors lawmakers users researchers scientists residents people
    police authorities leaders
    der die das ein eine einer eines dem den des und oder aber auch nicht mit von zu im am auf aus bei nach seit
    wie wenn als ob dass denn doch noch schon nur sehr mehr heute gestern morgen hier dort dieser diese dieses
    jeder jede jedes kein keine man sie er es wir ihr ich was wer wo warum wann
    le la les un une des du de et ou mais donc car ni en dans sur sous par pour avec sans chez ce cette ces il elle
    ils elles nous vous je on qui que quoi dont selon apres avant pendant depuis aujourd hier demain ainsi alors
    el los las uno unos unas y o pero en con sin sobre bajo entre hacia hasta desde segun este esta estos estas
    ese esa eso aquel ella ellos ellas nosotros usted ustedes hoy ayer manana tambien ademas sin embargo
    il lo gli uno una e ma con per tra fra su questo questa questi queste quello quella lui lei loro noi voi oggi
    ieri domani anche secondo dopo prima
    o os um uma mas com por para sobre entre este esta isto esse essa ele ela eles elas nos voce hoje ontem amanha
    tambem segundo depois antes
    het een en maar met voor naar bij uit door over onder tussen deze dit dat die wie wat waar waarom hij zij wij
    jij ik u vandaag gisteren morgen ook volgens na
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
