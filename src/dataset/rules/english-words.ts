/**
 * Common English words (and the everyday words image captions and base-model prompts are full of).
 * A trigger that is one of these already means something to the text encoder, so the LoRA has to
 * fight the base model's idea of it (guide §3.2: "unique, not in the base model's vocabulary").
 * Kept as one compact string; a Set is built on first use.
 */
const WORDS = `
a about above across act action actor actress add after again against age ago agree air all allow almost alone along
already also although always am among amount an and angel angle animal another answer any anyone anything appear apple
area arm army around art artist as ask at attack aunt autumn avatar away baby back bad bag ball band bank bar base basic
bath be beach bear beard beat beautiful beauty because become bed bedroom been before began begin behind being believe
bell belt below best better between big bike bill bird birth bit black blade blonde blood blow blue board boat body bone
book boot born both bottle bottom bought box boy brain branch bread break bride bridge bright bring broke brother brown
brush build building burn bus business busy but buy by cake call calm came camera camp can cap capital captain car card
care carry case cat catch caught cause cell center century chain chair change character charge check cheek chest chief
child children chin choose church circle city class clean clear climb clock close closeup cloth clothes cloud club coast
coat cold collar college color colour come common company complete computer contain continue control cook cool copy corn
corner cost could count country couple course cover cow cowboy crash cream create crowd crown cry cup curl current cut
cute dad dance danger dark daughter day dead deal dear death decide deep deer demon describe desert design detail develop
devil did die difference different dinner direct dirt discover do doctor does dog doll done door double down draw dream
dress drink drive drop dry duck during dust each ear early earth east easy eat edge effect egg eight either electric
element elf else end enemy energy engine enough enter equal even evening event ever every exact example eye face fact
fair fairy fall family famous far farm fashion fast fat father fear feel feet fell few field fig fight figure fill film
final find fine finger finish fire first fish fit five flat floor flower fly follow food foot for force forest form
forward found four free fresh friend from front fruit full fun fur game garden gas gate gave general gentle get ghost
giant gift girl give glad glass go god gold gone good got govern grand grass gray great green grew grey ground group grow
guard guess guide gun hair half hall hand happen happy hard has hat have he head hear heart heat heavy held hello help her
here hero high hill him his history hit hold hole home hope horse hot hour house how huge human hundred hunt hurry husband
i ice idea if image in inch include indeed indoor iron is island it its jacket job join joy jump just keep key kid kill
kind king kiss kitchen knee knew knife know lady lake land language large last late laugh law lay lead leaf learn least
leather leave left leg legs less let letter level library lie life lift light like line lion lip list listen little live
long look lord lose lost lot loud love low lucky machine made magic main make male man many map mark market master match
matter may me mean meant meat meet men metal middle might mile milk mind mine minute mirror miss model modern moment money
monkey month moon more morning most mother mountain mouth move much music must my name nation natural nature near neck need
never new next nice night nine no noon nor north nose not note nothing notice now number object ocean of off offer office
often oil old on once one only open or orange order other our out outdoor over own page paint pair paper parent park part
party pass past path pay peace people perhaps person photo pick picture piece pink place plain plan plane plant play please
point pool poor portrait pose position possible pound power present pretty prince princess print probably problem produce
product property protect prove provide pull purple push put queen question quick quiet quite race radio rain raise ran
rather reach read ready real realistic reason record red region remember repeat reply rest result rich ride right ring rise
river road robot rock roll room root rope rose round row rule run sad safe said sail salt same sand sat save saw say scale
school science score sea season seat second section see seem self sell send sense sentence serious set settle seven several
shadow shall shape share sharp she sheep shell shine ship shirt shoe shoot shop shore short should shoulder shout show side
sight sign silent silver simple since sing single sir sister sit six size skin skirt sky sleep slow small smell smile snow
so soft soil soldier solid some son song soon sound south space speak special speed spell spend spirit spot spread spring
square stand star start state station stay steel step stick still stone stood stop store storm story straight strange
street strong student study style subject success such sudden sugar suit summer sun supply suppose sure surface swim system
table tail take talk tall teach team tear teeth tell ten term test than thank that the their them then there these they
thick thin thing think third this those though thought thousand three through throw tie time tiny to today together told
tone too took tool top total touch toward town toy track trade train travel tree trip trouble true try turn twenty two type
uncle under unit until up upon us use usual valley value very view village visit voice wait walk wall want war warm was
wash watch water wave way we wear weather week weight well went were west what wheel when where which while white who whole
why wide wife wild will win wind window wing winter wire wise wish with witch without wolf woman women wonder wood word work
world would write wrong yard year yellow yes yet you young your zero
`;

let cache: Set<string> | null = null;

export function isCommonEnglishWord(word: string): boolean {
  cache ??= new Set(WORDS.split(/\s+/).filter(Boolean));
  return cache.has(word.toLowerCase());
}
