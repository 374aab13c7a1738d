"""Build the ethnic-minority name set (bench/data/redaction_minority.jsonl) from hand-written, marked-up notes.

Children of Uyghur, Kazakh, Tibetan, Yi, Hui, Miao, Dong and Bouyei families in the styles of the held-out notes
(bench/make_redaction_heldout.py, whose markup and labelling conventions apply). Names follow each naming system:
  - Uyghur and Kazakh: a given name, often with the father's name joined by a middle dot (阿依古丽·买买提; written
    with ·, •, ・, ． or no dot at all); the whole, dot included, is one PERSON span;
  - Tibetan: one or two name elements (扎西, 卓玛, 扎西卓玛), no surname; before a title (扎西老师) the name is PERSON;
  - Yi: a two-character clan name and a given name (吉克阿依, 沙马木呷); before a title only the clan name (吉伍老师);
  - Hui, Miao, Dong, Bouyei: mostly Han-style names (马小燕, 杨秀英, 吴老岩).
Negatives are sentences with place names (喀什, 拉萨, 日喀则, 那曲, 阿坝), greetings and things (扎西德勒, 格桑花,
哈达) and words starting like names (阿姨, 阿里巴巴). These notes were written together with the rules for such names,
so the set measures them but is not held out from them; the "probe" notes were written after the first version of the
rules (which then found their names with P 0.83 R 0.86) and some of their names were added to the rules. All names and
numbers are fake.

    .venv/bin/python bench/make_redaction_minority.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_redaction_heldout import write_corpus  # noqa: E402

OUT = Path(__file__).with_name("data") / "redaction_minority.jsonl"

NOTES = {
    "uyghur_kazakh": [
        "新转入学生[[P:阿依古丽·买买提]]，维吾尔族，10岁，随父母从喀什来到本市，编入四年级二班。",
        "孩子父亲[[P:艾力·吐尔逊]]在批发市场做干果生意，电话[[M:13899123456]]。",
        "[[P:买买提江]]今天没来上学，他哥哥说他发烧了。",
        "监护人：[[P:热依汗古丽]]（母亲）  联系方式：[[M:15909912345]]",
        "[[P:努尔比亚]]的数学成绩进步很大，[[P:王]]老师在班上表扬了她。",
        "走访对象[[P:阿不都热合曼]]，男，12岁，父亲在外地打工，母亲在家照顾两个弟弟。",
        "学生[[P:古丽米拉•艾买提]]申请了营养餐补助，材料已交到教务处。",
        "[[P:迪丽努尔・阿不力孜]]的妈妈说孩子想回新疆过古尔邦节。",
        "家长[[P:吐尔洪．依明]]同意孩子参加夏令营，已在回执上签字。",
        "[[P:木合塔尔]]和妹妹[[P:帕提古丽]]都在城中村租房住，离学校约两公里。",
        "[[P:阿迪力]]踢足球时摔伤了膝盖，校医已处理，家长已知晓。",
        "孩子母亲[[P:祖丽皮亚]]不太会说普通话，由邻居[[P:艾尔肯]]帮忙翻译。",
        "[[P:叶尔兰·努尔兰]]是哈萨克族学生，平时跟着爷爷生活。",
        "[[P:阿依达娜]]的作文在全市比赛中得了二等奖。",
        "姓名：[[P:阿依努尔吐尔逊]]  性别：女  民族：维吾尔族  年龄：8岁",
        "[[P:买买提]]的哥哥在烧烤店打工，每天晚上十二点才下班。",
        "经核实，[[P:艾合买提·依明]]与[[P:阿依仙木·热合曼]]系夫妻关系，共育有子女三人。",
        "父亲在喀什做干果生意，母亲在拉萨的餐馆打工，孩子由姑姑照顾。",
        "今天学校举行了古尔邦节联欢会，孩子们吃了抓饭和馕。",
        "学校组织学生观看了《阿凡提的故事》动画片，孩子们笑得很开心。",
        "孩子去年从阿勒泰转学过来，冬天很怕冷，已送去一件棉衣。",
    ],
    "tibetan": [
        "[[P:扎西卓玛]]的爸爸在工地干活，妈妈在餐馆洗碗，晚上九点才回家。",
        "[[P:次仁央金]]，女，藏族，9岁，就读于四年级一班。",
        "寄宿生[[P:达瓦]]周末由[[P:格桑拉姆]]阿姨接回家。",
        "[[P:旦增尼玛]]和[[P:索朗多吉]]是同一个村的孩子，一起转学过来。",
        "[[P:扎西]]老师是学校唯一的藏族老师，负责藏族学生的生活。",
        "孩子的爷爷[[P:平措]]今年70岁，只会说藏语。",
        "[[P:德吉]]和[[P:曲珍]]是双胞胎姐妹，都在三年级。",
        "班主任[[P:洛桑]]说[[P:白玛]]最近情绪低落，建议心理老师介入。",
        "[[P:强巴]]的父亲[[P:普布次仁]]在拉萨开出租车，很少回家。",
        "[[P:丹增]]今年考上了县一中，全家都很高兴。",
        "[[P:边巴]]、[[P:次旦]]、[[P:顿珠]]三人参加了学校的篮球队。",
        "[[P:益西]]说他最喜欢吃糌粑，想念奶奶做的酥油茶。",
        "[[P:卓玛]]说她长大想当老师，回家乡教书。",
        "孩子学会了用藏语说扎西德勒，还给老师献了哈达。",
        "格桑花开了，孩子们在校园里拍照留念。",
        "孩子去年从日喀则转学过来，还不太适应这里的气候。",
        "那曲的冬天很冷，孩子说那里的雪很大。",
        "[[P:桑珠]]医生给孩子做了体检，视力有些下降。",
    ],
    "yi": [
        "[[P:沙马木呷]]的父母都在外地打工，由奶奶照顾。",
        "[[P:阿苏拉则]]，男，彝族，11岁，户籍在凉山州。",
        "[[P:曲比阿果]]今天穿了彝族的百褶裙来参加演出。",
        "[[P:吉伍]]老师和[[P:马海]]老师一起去家访。",
        "[[P:俄木]]校长说彝族年放假三天，学生返校时间另行通知。",
        "[[P:海来阿木]]的爸爸[[P:海来木呷]]是村里的护林员。",
        "[[P:吉木子洛]]和[[P:加拉伍呷]]是表兄弟，住在同一个院子里。",
        "[[P:勒格阿依]]的外婆说孩子晚上经常咳嗽，已经带去卫生院看过。",
        "[[P:的日]]阿姨每天早上送孩子上学。",
        "[[P:苏呷]]医生说孩子营养不良，需要补充蛋白质。",
        "[[P:比子]]老师教孩子们唱彝族歌曲。",
        "[[P:吉克]]老师反映[[P:阿约阿呷]]上课注意力不集中。",
        "[[P:阿说拉惹]]的母亲[[P:瓦其阿牛]]在县城的服装厂上班。",
        "孩子们穿着民族服装参加了火把节，晚上围着篝火跳舞。",
        "寒假打算带孩子去阿坝看望外婆，来回要坐两天车。",
        "孩子的阿姨在阿里巴巴的仓库上班，周末才有空。",
        "阿姨给孩子买了新书包和文具，孩子很开心。",
    ],
    "hui_miao_dong_bouyei": [
        "[[P:马小燕]]是回族，不吃猪肉，食堂已单独备餐。",
        "苗族学生[[P:杨秀英]]的奶奶[[P:吴老岩]]在家里种了两亩玉米。",
        "[[P:潘金花]]是侗族，会唱侗族大歌，在学校艺术节上表演了。",
        "布依族学生[[P:韦小芬]]的父亲[[P:韦国忠]]在广东打工。",
        "[[P:马海洋]]的爷爷是回族，在清真寺旁边开了一家牛肉面馆。",
        "孩子的外公[[P:石老三]]说，孩子妈妈过年会回来。",
    ],
    # Written after the first version of the rules, to check them on names and words they were not written for.
    "probe": [
        "这次仁慈的决定让孩子很感动。",
        "他刚才让妹妹先吃饭，自己最后吃。",
        "孩子收到了很多吉祥物，高兴得不得了。",
        "新疆的哈密瓜很甜，孩子很喜欢。",
        "孩子的梦想是去拉萨看布达拉宫。",
        "阿克苏的苹果是亲戚寄来的。",
        "[[P:古丽]]的妈妈来学校开家长会。",
        "老师让[[P:买买提]]和[[P:艾尔肯]]一起值日。",
        "父亲[[P:阿卜杜拉·艾合买提]]在饭馆当厨师。",
        "[[P:努尔古丽]]今天请假了。",
        "[[P:巴哈尔古丽]]的作业完成得很好。",
        "学生[[P:米日古丽·吾守尔]]申请困难补助。",
        "[[P:尼玛次仁]]的妈妈在医院当护工。",
        "[[P:卓嘎]]和[[P:央宗]]住在一个出租屋里。",
        "[[P:次仁措姆]]，女，7岁，藏族。",
        "[[P:贡布扎西]]跟着舅舅生活。",
        "[[P:达娃卓玛]]同学被评为三好学生。",
        "[[P:拉巴次仁]]说想回西藏过年。",
        "[[P:吉克石者]]的爷爷身体不好。",
        "[[P:曲木拉哈]]，男，9岁，彝族。",
        "[[P:巴莫阿依]]的家在山上。",
        "[[P:阿侯]]老师带孩子们去春游。",
        "[[P:吉史尔呷]]和[[P:沙玛拉日]]是同学。",
        "学校组织学生参加拉练活动。",
        "孩子说他的日记本丢了，很着急。",
        "从上海来的阿姨给孩子带了礼物。",
        "我们的日常生活很规律。",
        "要对比子女的学习情况再做决定。",
        "孩子的心理健康水平措施到位后有明显改善。",
        "今天吃了馕和烤包子，孩子说很好吃。",
        "孩子喜欢听冬不拉弹奏的音乐。",
        "[[P:扎西]]，你今天的作业写完了吗？",
        "奶奶说尼玛县太远了，不想去。",
        "孩子们在肉孜节吃了油香和馓子。",
        "[[P:热娜]]的爸爸在工地摔伤了。",
        "监护人[[P:玉苏甫·吐尔逊]]，电话[[M:13999001122]]。",
        "[[P:马哈木]]是回族学生，住在清真寺附近。",
        "[[P:伊力亚尔]]踢球时把眼镜摔坏了。",
        "[[P:阿曼古丽]]的妹妹还在上幼儿园。",
        "[[P:索朗旺姆]]和[[P:次仁顿珠]]都是寄宿生。",
    ],
}


def main() -> None:
    write_corpus(NOTES, OUT)


if __name__ == "__main__":
    main()
